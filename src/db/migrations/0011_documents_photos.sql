-- The document registry and the site photos of workspace projects.
--
-- Files live in the content-addressed file store; these tables keep their SHA-256 and what the
-- workspace knows about them. Public copies go to `documents` and `photos` (0001) only when a
-- document version is approved or a photo is referenced by an approved daily report.

-- Set when the agency official records the final inspection. As-built drawings are accepted
-- only after it.
ALTER TABLE workspace_projects ADD COLUMN final_inspection_at timestamptz;

CREATE TABLE workspace_documents (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  category text NOT NULL CHECK (category IN
    ('drawing', 'specification', 'approval', 'test_report', 'minutes', 'as_built')),
  title text NOT NULL,
  is_sensitive boolean NOT NULL DEFAULT false,  -- security-sensitive: never published
  created_by bigint NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX workspace_documents_project_idx ON workspace_documents (project_id, category);

-- Versions of a document. A new file is a new row; rows are never deleted.
CREATE TABLE document_versions (
  id bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES workspace_documents(id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  media_type text NOT NULL,
  file_name text NOT NULL,
  note text,
  text_content text,                        -- the text of text/plain and text/csv files, for search
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  uploaded_by bigint NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL,
  decided_by bigint REFERENCES users(id),
  decided_at timestamptz,
  rejection_reason text,
  UNIQUE (document_id, version)
);

-- Site photos uploaded in the workspace. `position_check` compares the EXIF position with the
-- project's locations: 'outside_area' photos are held back from the public page.
CREATE TABLE workspace_photos (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  thumbnail_sha256 text CHECK (thumbnail_sha256 ~ '^[0-9a-f]{64}$'),
  public_sha256 text NOT NULL CHECK (public_sha256 ~ '^[0-9a-f]{64}$'),  -- copy without metadata
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  caption text,
  taken_at timestamptz,                     -- EXIF DateTimeOriginal, read as the project's time zone
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  position_check text NOT NULL
    CHECK (position_check IN ('within_area', 'outside_area', 'not_checked', 'no_position')),
  distance_metres double precision,         -- to the nearest project location, when checked
  uploaded_by bigint NOT NULL REFERENCES users(id),
  uploaded_at timestamptz NOT NULL,
  UNIQUE (project_id, sha256),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
