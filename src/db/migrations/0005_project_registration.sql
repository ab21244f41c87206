-- Projects registered in the workspace when their contract is signed: new ones and ones
-- imported from OC4IDS. The project itself stays in `projects`; this row holds what the
-- workspace adds, such as the long-term or short-term mode.

CREATE TABLE workspace_projects (
  project_id text PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('long_term', 'short_term')),
  contract_amount bigint NOT NULL CHECK (contract_amount >= 0),  -- minor units
  contract_currency text NOT NULL,          -- ISO 4217
  start_date date NOT NULL,
  planned_completion_date date NOT NULL,
  agency_id text NOT NULL REFERENCES organisations(id),
  registered_by bigint REFERENCES users(id),
  registered_at timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_completion_date >= start_date)
);
