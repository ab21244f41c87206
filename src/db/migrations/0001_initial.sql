-- Initial data model: jurisdictions, organisations, projects with their OC4IDS fields,
-- contracting processes and contracts linked to OCDS releases, modifications, progress,
-- payments, documents, photos, imports with provenance, project versions and the event log.
--
-- Money is stored as integer minor units (bigint) beside an ISO 4217 currency code.
-- Times are timestamptz (UTC); dates without a time are date.
-- Each table keeps an `extra` jsonb with the OC4IDS or OCDS fields this model does not
-- break out into columns, so that an export loses nothing that was imported.

CREATE TABLE jurisdictions (
  id text PRIMARY KEY,
  name jsonb NOT NULL,                      -- label per language: {"en": "Seoul", "ko": "서울"}
  country text,                             -- ISO 3166-1 alpha-2
  currency text NOT NULL,                   -- ISO 4217
  time_zone text NOT NULL,                  -- IANA name, e.g. Asia/Seoul
  default_language text NOT NULL,           -- BCP 47, e.g. ko
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- An organisation across projects: an ordering agency, supervisor, contractor, funder.
-- `id` is stable: "<identifier scheme>-<identifier id>" when the data gives an identifier,
-- otherwise "name-" followed by the name folded to lower case without accents.
CREATE TABLE organisations (
  id text PRIMARY KEY,
  name text NOT NULL,
  identifier_scheme text,
  identifier_id text,
  legal_name text,
  address jsonb,
  contact_point jsonb,
  search_text text NOT NULL DEFAULT '',     -- name folded for accent-insensitive search
  extra jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where data came from: one row per import run.
CREATE TABLE imports (
  id bigserial PRIMARY KEY,
  source text NOT NULL,                     -- file path or URL as given
  source_sha256 text,                       -- hash of the bytes read (of all files for a folder)
  publisher text,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  counts jsonb NOT NULL DEFAULT '{}',
  warnings jsonb NOT NULL DEFAULT '[]',
  errors jsonb NOT NULL DEFAULT '[]'
);

CREATE TABLE projects (
  id text PRIMARY KEY,                      -- OC4IDS project id, including the publisher prefix
  jurisdiction_id text REFERENCES jurisdictions(id),
  publisher text NOT NULL,                  -- who owns the id; another publisher may not overwrite it
  is_public boolean NOT NULL DEFAULT true,
  is_demo boolean NOT NULL DEFAULT false,
  language text,
  title text NOT NULL,
  description text,
  status text,                              -- OC4IDS projectStatus code
  type text,                                -- OC4IDS projectType code
  sector text[] NOT NULL DEFAULT '{}',      -- OC4IDS projectSector codes
  purpose text,
  public_authority_id text REFERENCES organisations(id),
  budget_amount bigint,                     -- minor units
  budget_currency text,
  budget_approval_date timestamptz,
  period_start timestamptz,
  period_end timestamptz,
  period_max_extent timestamptz,
  period_duration_days integer,
  identifiers jsonb NOT NULL DEFAULT '[]',
  additional_classifications jsonb NOT NULL DEFAULT '[]',
  budget_breakdowns jsonb NOT NULL DEFAULT '[]',
  related_projects jsonb NOT NULL DEFAULT '[]',
  completion jsonb,                         -- OC4IDS completion block, amounts as in the source
  updated timestamptz,                      -- OC4IDS `updated`: when the publisher last changed it
  search_text text NOT NULL DEFAULT '',     -- title, description and party names, folded
  source_import_id bigint REFERENCES imports(id),
  source text,
  source_sha256 text,
  imported_at timestamptz,
  extra jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_status_idx ON projects (status);
CREATE INDEX projects_type_idx ON projects (type);
CREATE INDEX projects_jurisdiction_idx ON projects (jurisdiction_id);

-- Every version of a project as it was imported or published, as normalised OC4IDS JSON.
CREATE TABLE project_versions (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  version integer NOT NULL,
  import_id bigint REFERENCES imports(id),
  data_sha256 text NOT NULL,
  data jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, version)
);

-- A party as it appears in one project: its roles there and the contact given for it.
CREATE TABLE project_parties (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  party_id text NOT NULL,                   -- the party's id inside the project's OC4IDS data
  organisation_id text NOT NULL REFERENCES organisations(id),
  name text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',       -- OC4IDS partyRole codes
  contact_point jsonb,                      -- officials' names and office contacts: public
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, party_id)
);
CREATE INDEX project_parties_organisation_idx ON project_parties (organisation_id);

CREATE TABLE project_locations (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  position integer NOT NULL,
  location_id text,
  description text,
  geometry jsonb,                           -- GeoJSON geometry, coordinates in lng, lat order
  latitude double precision,                -- a representative point for map markers
  longitude double precision,
  address jsonb,
  locality text,                            -- address.locality: district, municipality
  region text,                              -- address.region: province, state, city
  gazetteer jsonb,
  uri text,
  PRIMARY KEY (project_id, position)
);
CREATE INDEX project_locations_locality_idx ON project_locations (locality);
CREATE INDEX project_locations_region_idx ON project_locations (region);

-- OCDS releases as published, full or linked, kept as history of each contracting process.
CREATE TABLE ocds_releases (
  ocid text NOT NULL,
  release_id text NOT NULL,
  date timestamptz,
  tags text[] NOT NULL DEFAULT '{}',
  is_compiled boolean NOT NULL DEFAULT false,  -- a record's compiledRelease
  url text,
  data jsonb,                               -- null for a linked release known only by its url
  import_id bigint REFERENCES imports(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ocid, release_id)
);

CREATE TABLE contracting_processes (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  id text NOT NULL,                         -- OC4IDS contractingProcesses[].id
  position integer NOT NULL,
  ocid text,                                -- OCDS ocid this process is linked to
  external_reference text,
  title text,
  description text,
  status text,                              -- OC4IDS contractingProcessStatus code
  nature text[] NOT NULL DEFAULT '{}',
  procurement_method text,
  procurement_method_details text,
  number_of_tenderers integer,
  date_published timestamptz,
  cost_estimate_amount bigint,
  cost_estimate_currency text,
  contract_value_amount bigint,
  contract_value_currency text,
  final_value_amount bigint,
  final_value_currency text,
  contract_period_start timestamptz,
  contract_period_end timestamptz,
  procuring_entity_id text REFERENCES organisations(id),
  linked_releases jsonb NOT NULL DEFAULT '[]', -- OC4IDS LinkedRelease objects
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, id)
);
CREATE INDEX contracting_processes_ocid_idx ON contracting_processes (ocid);

-- A contract signed in a contracting process (OCDS contracts[] with its award).
CREATE TABLE contracts (
  project_id text NOT NULL,
  process_id text NOT NULL,
  id text NOT NULL,
  award_id text,
  title text,
  status text,
  value_amount bigint,
  value_currency text,
  period_start timestamptz,
  period_end timestamptz,
  date_signed timestamptz,
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, process_id, id),
  FOREIGN KEY (project_id, process_id)
    REFERENCES contracting_processes (project_id, id) ON DELETE CASCADE
);

CREATE TABLE contract_suppliers (
  project_id text NOT NULL,
  process_id text NOT NULL,
  contract_id text NOT NULL,
  organisation_id text NOT NULL REFERENCES organisations(id),
  name text NOT NULL,
  PRIMARY KEY (project_id, process_id, contract_id, organisation_id),
  FOREIGN KEY (project_id, process_id, contract_id)
    REFERENCES contracts (project_id, process_id, id) ON DELETE CASCADE
);
CREATE INDEX contract_suppliers_organisation_idx ON contract_suppliers (organisation_id);

-- Design or scope changes, time extensions and value changes (OC4IDS Modification).
CREATE TABLE modifications (
  project_id text NOT NULL,
  process_id text NOT NULL,
  id text NOT NULL,
  type text,                                -- OC4IDS modificationType: duration, value, scope
  date timestamptz,
  description text,
  rationale text,
  release_id text,
  old_value_amount bigint,
  old_value_currency text,
  new_value_amount bigint,
  new_value_currency text,
  old_period jsonb,
  new_period jsonb,
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, process_id, id),
  FOREIGN KEY (project_id, process_id)
    REFERENCES contracting_processes (project_id, id) ON DELETE CASCADE
);

-- Physical and financial progress over time, planned and actual, as a share in percent.
CREATE TABLE progress_observations (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('physical', 'financial')),
  basis text NOT NULL CHECK (basis IN ('planned', 'actual')),
  observed_on date NOT NULL,
  percent numeric(6, 2) NOT NULL CHECK (percent >= 0 AND percent <= 100),
  process_id text,                          -- set when the figure is for one contracting process
  source text,
  PRIMARY KEY (project_id, kind, basis, observed_on)
);

-- Payments (OC4IDS/OCDS transactions), of the project or of one contracting process.
CREATE TABLE transactions (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  process_id text NOT NULL DEFAULT '',      -- '' for a project-level transaction
  id text NOT NULL,
  date timestamptz,
  amount bigint,                            -- minor units
  currency text,
  payer_id text REFERENCES organisations(id),
  payer_name text,
  payee_id text REFERENCES organisations(id),
  payee_name text,
  source text,
  uri text,
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, process_id, id)
);

CREATE TABLE documents (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  process_id text NOT NULL DEFAULT '',      -- '' for a project-level document
  id text NOT NULL,
  document_type text,                       -- OC4IDS documentType code
  title text,
  description text,
  url text,
  date_published timestamptz,
  date_modified timestamptz,
  format text,
  language text,
  sha256 text,                              -- hash of the content, when the file is held here
  extra jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (project_id, process_id, id)
);

-- Site photos. `sha256` names the file in content-addressed storage when it is held here;
-- `url` points to it when it is held elsewhere.
CREATE TABLE photos (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  id text NOT NULL,
  url text,
  sha256 text,
  caption text,
  taken_at timestamptz,
  latitude double precision,
  longitude double precision,
  source text,
  PRIMARY KEY (project_id, id),
  CHECK (url IS NOT NULL OR sha256 IS NOT NULL)
);

-- Every change to public data: who made it, when, what it was and what it became.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,                      -- "import:<id>", "user:<id>", "system"
  project_id text,
  entity_type text NOT NULL,                -- project, contracting_process, transaction, ...
  entity_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  before jsonb,
  after jsonb
);
CREATE INDEX events_project_idx ON events (project_id, id);
