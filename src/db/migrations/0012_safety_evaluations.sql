-- Safety inspections with their checklists and findings, safety incidents, and the
-- performance evaluations requested when actual progress passes 30, 60 and 95%.

-- A safety inspection by the supervisor or the agency official.
CREATE TABLE safety_inspections (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  inspected_on date NOT NULL,
  inspector_user_id bigint NOT NULL REFERENCES users(id),
  note text,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX safety_inspections_project_idx ON safety_inspections (project_id, inspected_on);

-- One checklist item of an inspection and its result.
CREATE TABLE safety_checklist_items (
  inspection_id bigint NOT NULL REFERENCES safety_inspections(id) ON DELETE CASCADE,
  position integer NOT NULL,
  item text NOT NULL,
  result text NOT NULL CHECK (result IN ('pass', 'fail', 'not_applicable')),
  note text,
  PRIMARY KEY (inspection_id, position)
);

-- A finding raised by a failed checklist item. It is closed when the inspector accepts the
-- responsible organisation's action report; a rejected action report reopens it.
CREATE TABLE safety_findings (
  id bigserial PRIMARY KEY,
  inspection_id bigint NOT NULL REFERENCES safety_inspections(id) ON DELETE CASCADE,
  item_position integer NOT NULL,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  corrective_action text NOT NULL,
  responsible_organisation_id text NOT NULL REFERENCES organisations(id),
  deadline date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'action_reported', 'closed')),
  action_report text,
  action_reported_by bigint REFERENCES users(id),
  action_reported_at timestamptz,
  verified_by bigint REFERENCES users(id),
  verified_at timestamptz,
  verification_note text,
  FOREIGN KEY (inspection_id, item_position)
    REFERENCES safety_checklist_items(inspection_id, position) ON DELETE CASCADE,
  UNIQUE (inspection_id, item_position)
);
CREATE INDEX safety_findings_open_idx ON safety_findings (project_id, deadline)
  WHERE status <> 'closed';

-- A safety incident. Injured people are counted, never named.
CREATE TABLE safety_incidents (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  occurred_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fall', 'struck_by', 'collapse', 'electrical', 'fire',
    'equipment', 'near_miss', 'other')),
  severity text NOT NULL CHECK (severity IN ('minor', 'serious', 'fatal')),
  description text NOT NULL,
  injuries integer NOT NULL CHECK (injuries >= 0),
  actions_taken text NOT NULL,
  reported_by bigint NOT NULL REFERENCES users(id),
  reported_at timestamptz NOT NULL
);
CREATE INDEX safety_incidents_project_idx ON safety_incidents (project_id, occurred_on);

-- A performance evaluation of the design, the construction or the supervision, requested once
-- per project, threshold and subject when actual progress passes the threshold.
CREATE TABLE performance_evaluations (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  threshold integer NOT NULL CHECK (threshold IN (30, 60, 95)),
  subject text NOT NULL CHECK (subject IN ('design', 'construction', 'supervision')),
  status text NOT NULL CHECK (status IN ('pending', 'recorded')),
  requested_at timestamptz NOT NULL,
  progress_percent numeric(6, 2) NOT NULL,  -- actual progress when the request was made
  scores jsonb,                             -- [{ criterion, score }], scores 0 to 100
  average_score numeric(5, 2),
  comment text,
  recorded_by bigint REFERENCES users(id),
  recorded_at timestamptz,
  UNIQUE (project_id, threshold, subject)
);
CREATE INDEX performance_evaluations_pending_idx ON performance_evaluations (project_id)
  WHERE status = 'pending';
