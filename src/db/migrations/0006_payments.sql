-- Direct payment: the double-entry ledger, approved shares, payees' bank accounts and the
-- payment instructions sent to a bank. Amounts are signed integer minor units.

-- A ledger account. Balances are never stored: an account's balance is the sum of its postings.
CREATE TABLE ledger_accounts (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,                -- stable name, such as "segregated:<project>:KRW"
  kind text NOT NULL CHECK (kind IN (
    'agency_funding', 'project_segregated', 'retention_held', 'payment_clearing', 'share_paid'
  )),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  project_id text,                          -- the project whose money it holds, if any
  owner_id text,                            -- agency or payee id, or the share id of share_paid
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One balanced movement of money. Written with its postings in one transaction.
CREATE TABLE journal_entries (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,     -- posting the same key again returns this entry
  kind text NOT NULL,                       -- deposit, reserve, settle, reverse, transfer
  memo text,
  posted_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_postings (
  id bigserial PRIMARY KEY,
  entry_id bigint NOT NULL REFERENCES journal_entries(id),
  account_id bigint NOT NULL REFERENCES ledger_accounts(id),
  amount bigint NOT NULL CHECK (amount <> 0), -- positive debits, negative credits
  currency text NOT NULL
);
CREATE INDEX ledger_postings_account_idx ON ledger_postings (account_id);
CREATE INDEX ledger_postings_entry_idx ON ledger_postings (entry_id);

-- The approved amount of one share of a progress payment (prime, subcontractor, materials,
-- equipment, wages), the most that may ever be paid to it.
CREATE TABLE payment_shares (
  id text PRIMARY KEY,
  project_id text NOT NULL,
  payee_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  approved_amount bigint NOT NULL CHECK (approved_amount >= 0),
  approved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_shares_project_idx ON payment_shares (project_id);

-- A payee's bank account. Holder names and account numbers are personal data: never logged
-- and never published.
CREATE TABLE payee_bank_accounts (
  id bigserial PRIMARY KEY,
  payee_id text NOT NULL,
  holder_name text NOT NULL,
  scheme text NOT NULL CHECK (scheme IN ('iban', 'other')),
  identifier text NOT NULL,                 -- the IBAN, or the domestic account number
  agent_id text,                            -- BIC, or the domestic bank code
  status text NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'verified', 'rejected')),
  status_reason text,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payee_id, scheme, identifier)
);

-- The bank account that holds a project's segregated money: the debtor of its payments. An
-- agency's account, not personal data.
CREATE TABLE segregated_bank_accounts (
  project_id text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  holder_name text NOT NULL,
  scheme text NOT NULL CHECK (scheme IN ('iban', 'other')),
  identifier text NOT NULL,
  agent_id text,
  PRIMARY KEY (project_id, currency)
);

-- Payments sent together from one project's segregated account, as one pain.001 message.
CREATE TABLE payment_batches (
  id text PRIMARY KEY,                      -- also the pain.001 MsgId and PmtInfId (35 at most)
  project_id text NOT NULL,
  currency text NOT NULL,
  requested_execution_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One credit transfer to one payee for one share, stored before any call to a bank.
CREATE TABLE payments (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,     -- sent to the bank; the pain.001 EndToEndId
  share_id text NOT NULL REFERENCES payment_shares(id),
  bank_account_id bigint NOT NULL REFERENCES payee_bank_accounts(id),
  batch_id text REFERENCES payment_batches(id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sent', 'unknown', 'settled', 'rejected')),
  status_reason text,
  bank_reference text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_share_idx ON payments (share_id);
CREATE INDEX payments_batch_idx ON payments (batch_id);
CREATE INDEX payments_open_idx ON payments (status) WHERE status IN ('pending', 'sent', 'unknown');
