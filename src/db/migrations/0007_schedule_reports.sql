-- The work schedule (bill of quantities with planned progress) and the daily reports of
-- workspace projects, with their review workflow.
--
-- Both are versioned: a revised schedule or a corrected daily report is a new row, and the
-- earlier rows are kept unchanged. Approved rows are never updated.

CREATE TABLE work_schedules (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'superseded')),
  period_unit text NOT NULL CHECK (period_unit IN ('month', 'week')),
  currency text NOT NULL,                   -- ISO 4217, of the items' unit prices
  note text,
  submitted_by bigint NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  decided_by bigint REFERENCES users(id),   -- who approved or rejected it
  decided_at timestamptz,
  rejection_reason text,
  UNIQUE (project_id, version)
);
-- At most one version waits for a decision and at most one is the approved schedule.
CREATE UNIQUE INDEX work_schedules_pending_idx ON work_schedules (project_id)
  WHERE status = 'submitted';
CREATE UNIQUE INDEX work_schedules_approved_idx ON work_schedules (project_id)
  WHERE status = 'approved';

-- Bill of quantities: one row per work item of a schedule version.
CREATE TABLE schedule_items (
  schedule_id bigint NOT NULL REFERENCES work_schedules(id) ON DELETE CASCADE,
  position integer NOT NULL,
  code text NOT NULL,                       -- stable across versions; daily reports refer to it
  description text NOT NULL,
  unit text NOT NULL,
  quantity numeric(18, 3) NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),  -- minor units of work_schedules.currency
  weight numeric(7, 4) NOT NULL CHECK (weight >= 0 AND weight <= 100),  -- percent of the whole
  PRIMARY KEY (schedule_id, code)
);

-- Planned cumulative progress at the end of each period: the planned S-curve.
CREATE TABLE schedule_periods (
  schedule_id bigint NOT NULL REFERENCES work_schedules(id) ON DELETE CASCADE,
  period_end date NOT NULL,
  planned_percent numeric(6, 2) NOT NULL CHECK (planned_percent >= 0 AND planned_percent <= 100),
  PRIMARY KEY (schedule_id, period_end)
);

-- Daily reports. A report date has one current version; a resubmission after a rejection, or a
-- correction of an approved report, adds the next version and clears is_current on the last.
CREATE TABLE daily_reports (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  report_date date NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  is_current boolean NOT NULL DEFAULT true,
  status text NOT NULL CHECK (status IN ('submitted', 'reviewed', 'approved', 'rejected')),
  weather text NOT NULL,
  manpower jsonb NOT NULL DEFAULT '[]',     -- [{ trade, count }]
  equipment jsonb NOT NULL DEFAULT '[]',    -- [{ kind, count }]
  materials jsonb NOT NULL DEFAULT '[]',    -- [{ material, quantity, unit }]
  issues text,
  photo_references jsonb NOT NULL DEFAULT '[]',  -- file SHA-256 ids or URLs of site photos
  submitted_by bigint NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  UNIQUE (project_id, report_date, version)
);
CREATE UNIQUE INDEX daily_reports_current_idx ON daily_reports (project_id, report_date)
  WHERE is_current;

-- Quantity of work done on each schedule item that day.
CREATE TABLE daily_report_work (
  report_id bigint NOT NULL REFERENCES daily_reports(id) ON DELETE CASCADE,
  item_code text NOT NULL,
  quantity numeric(18, 3) NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (report_id, item_code)
);

-- Every status change of a daily report: who, when, from which status to which, and why.
CREATE TABLE daily_report_transitions (
  id bigserial PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES daily_reports(id) ON DELETE CASCADE,
  from_status text,                         -- null for the submission
  to_status text NOT NULL,
  actor_user_id bigint NOT NULL REFERENCES users(id),
  occurred_at timestamptz NOT NULL,
  reason text                               -- required for a rejection
);
CREATE INDEX daily_report_transitions_report_idx ON daily_report_transitions (report_id, id);
