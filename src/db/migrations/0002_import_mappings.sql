-- Spreadsheet imports: the stable source key of each import, so that a later import of the
-- same source can report the projects it no longer lists, and saved mappings.

ALTER TABLE imports ADD COLUMN source_key text;
CREATE INDEX imports_source_key_idx ON imports (source_key);

-- A mapping file saved for reuse: how one publisher's spreadsheet becomes OC4IDS projects.
CREATE TABLE import_mappings (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  source_key text NOT NULL,                 -- the mapping's source.key
  mapping jsonb NOT NULL,                   -- the checked mapping, as in a .json mapping file
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_mappings_source_key_idx ON import_mappings (source_key);
