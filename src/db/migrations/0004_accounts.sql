-- Workspace accounts: users, their roles, web sessions, API tokens and the audit trail.
--
-- Secrets are never stored as given: a password is kept as a scrypt hash, a session id and an
-- API token as their SHA-256. The audit trail is private and separate from `events`, which is
-- the public history of project records.

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL,                      -- as entered; unique ignoring case (index below)
  display_name text NOT NULL,
  organisation_id text REFERENCES organisations(id),
  password_hash text NOT NULL,              -- scrypt$N$r$p$salt$hash, salt and hash in base64
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));

-- Roles that hold across the jurisdiction rather than in one project.
CREATE TABLE jurisdiction_roles (
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL
    CHECK (role IN ('administrator', 'agency_manager', 'auditor', 'agency_official')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, role)
);

-- A user's role in one project. A user may hold several roles in the same project.
CREATE TABLE project_memberships (
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL
    CHECK (role IN ('agency_official', 'supervisor', 'prime_contractor', 'subcontractor')),
  added_by bigint REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, user_id, role)
);
CREATE INDEX project_memberships_user_idx ON project_memberships (user_id);

-- Web sessions. The cookie carries the session id; only its SHA-256 is stored here.
CREATE TABLE sessions (
  id_sha256 text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,                 -- sent back in every state-changing form
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Bearer tokens for the JSON API. Only the SHA-256 of the token is stored.
CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  token_sha256 text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Who did what in the workspace, including every sign-in and every failed one.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_user_id bigint REFERENCES users(id),  -- null when nobody is signed in
  action text NOT NULL,                     -- e.g. auth.login, project.register
  subject text,                             -- what the action was on: "user:7", "project:<id>"
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  client_address text,
  details jsonb NOT NULL DEFAULT '{}'       -- never a password, token or session id
);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id);
CREATE INDEX audit_events_subject_idx ON audit_events (subject, id);
