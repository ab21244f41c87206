-- Payees who look after their own payment details: the organisation each payment contract
-- belongs to, a private contact phone for subcontractors and suppliers, bank account holds,
-- and payment status reports (pain.002) from file-channel banks.
--
-- Contact phones and bank accounts are personal data: never logged, never published.

-- The organisation that is the contract's party. Its users may change that contract's split
-- line, its bank account and its documents; null for contracts registered before this.
ALTER TABLE payment_contracts ADD COLUMN organisation_id text REFERENCES organisations(id);
ALTER TABLE payment_contracts ADD COLUMN contact_phone text;
CREATE INDEX payment_contracts_organisation_idx ON payment_contracts (organisation_id);

-- A share may also be held because its payee's bank account is not verified or was rejected.
-- `reason` keeps the bank's words for such a hold; document holds derive theirs from the kind.
ALTER TABLE payment_share_holds DROP CONSTRAINT payment_share_holds_document_kind_check;
ALTER TABLE payment_share_holds ADD CONSTRAINT payment_share_holds_document_kind_check
  CHECK (document_kind IN ('insurance', 'licence', 'payment_receipt', 'bank_account'));
ALTER TABLE payment_share_holds ADD COLUMN reason text;

-- When a payee's account stopped being the one new payments go to. Payments keep the account
-- they were created for.
ALTER TABLE payee_bank_accounts ADD COLUMN replaced_at timestamptz;
