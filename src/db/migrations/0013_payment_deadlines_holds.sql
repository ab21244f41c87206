-- Legal payment deadlines and compliance holds on the shares of direct payment claims.

-- The due date of each approved share, fixed at approval from the configured legal periods,
-- and the date its payee was found paid in full. A share is late when it is unpaid past its
-- due date, or was paid after it.
CREATE TABLE payment_share_terms (
  share_id text PRIMARY KEY REFERENCES payment_shares(id),
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  claim_id bigint NOT NULL REFERENCES payment_claims(id) ON DELETE CASCADE,
  payee_kind text NOT NULL CHECK (payee_kind IN ('prime', 'subcontractor', 'supplier', 'worker')),
  due_on date NOT NULL,
  paid_on date
);
CREATE INDEX payment_share_terms_project_idx ON payment_share_terms (project_id, due_on);

-- The documents a payee of a kind must have registered before its share is paid.
CREATE TABLE payment_required_documents (
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  payee_kind text NOT NULL CHECK (payee_kind IN ('prime', 'subcontractor', 'supplier', 'worker')),
  document_kind text NOT NULL
    CHECK (document_kind IN ('insurance', 'licence', 'payment_receipt')),
  PRIMARY KEY (project_id, payee_kind, document_kind)
);

-- Documents registered for a payee ("contract:<id>" or "worker:<id>"). A payment receipt
-- names the share whose payment it acknowledges.
CREATE TABLE payee_documents (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  payee_id text NOT NULL,
  document_kind text NOT NULL
    CHECK (document_kind IN ('insurance', 'licence', 'payment_receipt')),
  reference text NOT NULL,
  receipt_share_id text REFERENCES payment_shares(id),
  registered_by bigint NOT NULL REFERENCES users(id),
  registered_at timestamptz NOT NULL,
  CHECK ((document_kind = 'payment_receipt') = (receipt_share_id IS NOT NULL))
);
CREATE INDEX payee_documents_payee_idx ON payee_documents (project_id, payee_id);

-- A share held back from payment because its payee misses a required document; released when
-- the document is registered. One row per share and missing document kind.
CREATE TABLE payment_share_holds (
  share_id text NOT NULL REFERENCES payment_shares(id),
  document_kind text NOT NULL
    CHECK (document_kind IN ('insurance', 'licence', 'payment_receipt')),
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  payee_id text NOT NULL,
  held_at timestamptz NOT NULL,
  released_at timestamptz,
  PRIMARY KEY (share_id, document_kind)
);
CREATE INDEX payment_share_holds_payee_idx ON payment_share_holds (project_id, payee_id);
