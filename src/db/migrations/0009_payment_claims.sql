-- The direct payment workflow of workspace projects: the contracts and their payees, the
-- worker registry with daily attendance, and progress payment claims with their split into
-- shares. Amounts are integer minor units of the project's contract currency.
--
-- Workers' names, identity numbers, phones and bank accounts are personal data: never logged,
-- never published. An identity number is stored only as a salted scrypt hash.

-- The prime contract (one per project), subcontracts and supply agreements for materials and
-- equipment. The party is a company, named in public records.
CREATE TABLE payment_contracts (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('prime', 'subcontract', 'supply')),
  party_name text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  bank_account_id bigint REFERENCES payee_bank_accounts(id),
  registered_by bigint NOT NULL REFERENCES users(id),
  registered_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX payment_contracts_prime_idx ON payment_contracts (project_id)
  WHERE kind = 'prime';

-- The work items of a subcontract, by the code of the schedule item they belong to, with the
-- subcontract's own unit price; compared with the prime's unit price for the same item.
CREATE TABLE payment_contract_items (
  contract_id bigint NOT NULL REFERENCES payment_contracts(id) ON DELETE CASCADE,
  item_code text NOT NULL,
  quantity numeric(18, 3) NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (contract_id, item_code)
);

-- The workers of a project. `reference` is the badge number the card readers report.
CREATE TABLE payment_workers (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  reference text NOT NULL,
  name text NOT NULL,
  identity_hash text NOT NULL,              -- scrypt of the identity number, hex
  identity_salt text NOT NULL,              -- 16 random bytes, hex
  phone text,
  daily_rate bigint NOT NULL CHECK (daily_rate > 0),
  bank_account_id bigint REFERENCES payee_bank_accounts(id),
  registered_by bigint NOT NULL REFERENCES users(id),
  registered_at timestamptz NOT NULL,
  UNIQUE (project_id, reference)
);

-- One day of work per worker and date, entered or imported from card-reader events.
CREATE TABLE worker_attendance (
  worker_id bigint NOT NULL REFERENCES payment_workers(id) ON DELETE CASCADE,
  work_date date NOT NULL,
  time_in text,                             -- "HH:MM", local time of the site
  time_out text,
  PRIMARY KEY (worker_id, work_date)
);

-- A progress payment claim of the prime for one period. net = gross - retention - advance
-- recovery. Periods of one project never overlap, so no day of wages is claimed twice.
CREATE TABLE payment_claims (
  id bigserial PRIMARY KEY,
  project_id text NOT NULL REFERENCES workspace_projects(project_id) ON DELETE CASCADE,
  period_start date NOT NULL,
  period_end date NOT NULL CHECK (period_end >= period_start),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  gross_amount bigint NOT NULL CHECK (gross_amount >= 0),
  retention_amount bigint NOT NULL CHECK (retention_amount >= 0),
  advance_recovery bigint NOT NULL CHECK (advance_recovery >= 0),
  net_amount bigint NOT NULL CHECK (net_amount >= 0
    AND net_amount = gross_amount - retention_amount - advance_recovery),
  status text NOT NULL CHECK (status IN ('claimed', 'split', 'approved')),
  claimed_by bigint NOT NULL REFERENCES users(id),
  claimed_at timestamptz NOT NULL,
  approved_by bigint REFERENCES users(id),
  approved_at timestamptz
);
CREATE INDEX payment_claims_project_idx ON payment_claims (project_id, period_start);

-- The claimed quantity of each work item, priced at the approved schedule's unit price.
CREATE TABLE payment_claim_items (
  claim_id bigint NOT NULL REFERENCES payment_claims(id) ON DELETE CASCADE,
  item_code text NOT NULL,
  quantity numeric(18, 3) NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (claim_id, item_code)
);

-- The split of a claim's net amount into shares: one line per payee. A registered split is
-- replaced as a whole until the agency approves it; approval links each line to its share.
CREATE TABLE payment_claim_lines (
  claim_id bigint NOT NULL REFERENCES payment_claims(id) ON DELETE CASCADE,
  line_no integer NOT NULL CHECK (line_no >= 1),
  payee_kind text NOT NULL CHECK (payee_kind IN ('prime', 'subcontractor', 'supplier', 'worker')),
  contract_id bigint REFERENCES payment_contracts(id),
  worker_id bigint REFERENCES payment_workers(id),
  days_worked integer,                      -- workers only: attendance days in the period
  amount bigint NOT NULL CHECK (amount >= 0),
  share_id text REFERENCES payment_shares(id),
  PRIMARY KEY (claim_id, line_no),
  CHECK ((payee_kind = 'worker') = (worker_id IS NOT NULL)),
  CHECK ((payee_kind = 'worker') = (contract_id IS NULL))
);
