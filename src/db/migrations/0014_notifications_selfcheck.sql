-- The notification outbox, and the payee self-check: one-time codes and short sessions that
-- let a worker see their own payments without an account.
--
-- Recipients (phone numbers, e-mail addresses) are personal data: never logged, never
-- published. One-time codes and session ids are stored only as hashes.

-- A message waiting to be sent, sent, or given up on. It is written in the same transaction
-- as the event that causes it; the idempotency key makes a repeated event enqueue nothing.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  template text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}',  -- amounts, ids and dates; never names or phones
  language text NOT NULL CHECK (language IN ('en', 'es', 'ko')),
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,                          -- the adapter's error, without the recipient
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at)
  WHERE status = 'pending';

-- A one-time code sent to a payee's phone. `payee_key` is the SHA-256 of the normalised phone
-- and folded name, so the table holds neither.
CREATE TABLE selfcheck_codes (
  id bigserial PRIMARY KEY,
  payee_key text NOT NULL,
  code_hash text NOT NULL,                  -- scrypt of the 6-digit code
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  used_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX selfcheck_codes_payee_idx ON selfcheck_codes (payee_key, created_at);

-- A short-lived session that shows one payee's payments; the cookie holds the secret.
CREATE TABLE selfcheck_sessions (
  id_hash text PRIMARY KEY,                 -- SHA-256 of the cookie's secret, hex
  payee_key text NOT NULL,
  expires_at timestamptz NOT NULL
);
