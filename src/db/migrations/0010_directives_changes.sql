-- Work directives with their action reports, change requests (design changes, time
-- extensions, penalties) with their review steps, and the disclosure policy of each
-- jurisdiction. Steps are appended, never rewritten, so each one keeps who took it and when.

-- A directive from the agency (or the supervisor) to a project role, optionally to one
-- organisation in that role. Status: open until answered with an action report, answered
-- until the agency closes it or reopens it with a reason.
CREATE TABLE directives (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  title text NOT NULL,
  instruction text NOT NULL,
  due_date date NOT NULL,
  addressed_role text NOT NULL
    CHECK (addressed_role IN ('agency_official', 'supervisor', 'prime_contractor', 'subcontractor')),
  addressed_organisation_id text REFERENCES organisations(id),
  status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
  issued_by bigint NOT NULL REFERENCES users(id),
  issued_at timestamptz NOT NULL
);
CREATE INDEX directives_project_idx ON directives (project_id, status, due_date);

-- Every step of a directive: issue, action report, close, reopen.
CREATE TABLE directive_steps (
  id bigserial PRIMARY KEY,
  directive_id bigint NOT NULL REFERENCES directives(id) ON DELETE CASCADE,
  step text NOT NULL CHECK (step IN ('issue', 'report', 'close', 'reopen')),
  from_status text CHECK (from_status IN ('open', 'answered', 'closed')),
  to_status text NOT NULL CHECK (to_status IN ('open', 'answered', 'closed')),
  actor_user_id bigint NOT NULL REFERENCES users(id),
  occurred_at timestamptz NOT NULL,
  text text,                                -- the action report, or the reason to reopen
  attachment_references jsonb NOT NULL DEFAULT '[]'  -- document or photo ids, or https URLs
);
CREATE INDEX directive_steps_directive_idx ON directive_steps (directive_id, id);

-- A design change, a time extension or a penalty. Money is signed minor units.
CREATE TABLE change_requests (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('design_change', 'time_extension', 'penalty')),
  status text NOT NULL CHECK (status IN ('requested', 'reviewed', 'approved', 'rejected')),
  description text NOT NULL,                -- scope of a design change, summary otherwise
  reason text NOT NULL,                     -- public rationale once approved
  amount bigint,                            -- cost impact (design change) or penalty amount
  currency text,                            -- ISO 4217
  days integer CHECK (days IS NULL OR days > 0),
  old_completion_date date,
  new_completion_date date,
  against_organisation_id text REFERENCES organisations(id),
  requested_by bigint NOT NULL REFERENCES users(id),
  requested_at timestamptz NOT NULL,
  modification_id text,                     -- the OC4IDS modification written on approval
  published boolean NOT NULL DEFAULT false, -- whether the disclosure policy let it go public
  CHECK (kind <> 'time_extension'
    OR (days IS NOT NULL AND old_completion_date IS NOT NULL
        AND new_completion_date = old_completion_date + days)),
  CHECK (kind <> 'design_change' OR (amount IS NOT NULL AND currency IS NOT NULL)),
  CHECK (kind <> 'penalty'
    OR (amount IS NOT NULL AND amount > 0 AND currency IS NOT NULL
        AND against_organisation_id IS NOT NULL))
);
CREATE INDEX change_requests_project_idx ON change_requests (project_id, status);

-- Every status change of a change request. `comment` is an internal review note or the reason
-- of a decision: it stays in the workspace and never reaches the public portal.
CREATE TABLE change_request_steps (
  id bigserial PRIMARY KEY,
  change_request_id bigint NOT NULL REFERENCES change_requests(id) ON DELETE CASCADE,
  from_status text CHECK (from_status IN ('requested', 'reviewed', 'approved', 'rejected')),
  to_status text NOT NULL CHECK (to_status IN ('requested', 'reviewed', 'approved', 'rejected')),
  actor_user_id bigint NOT NULL REFERENCES users(id),
  occurred_at timestamptz NOT NULL,
  comment text
);
CREATE INDEX change_request_steps_request_idx ON change_request_steps (change_request_id, id);

-- Categories a jurisdiction publishes or keeps private, where it departs from the defaults
-- in src/disclosure/policy.ts. A category without a row follows its default.
CREATE TABLE disclosure_policies (
  jurisdiction_id text NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
  category text NOT NULL,
  is_public boolean NOT NULL,
  updated_by bigint NOT NULL REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (jurisdiction_id, category)
);
