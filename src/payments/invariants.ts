/**
 * Checks of the ledger's invariants over the whole database, for tests, the crash test and an
 * operator's health check. Each returns the violations it found; an empty list means it holds.
 */
import { sql } from "kysely";
import type { PaymentsDb } from "./tables.js";

/** One broken invariant, described without personal data. */
export interface Violation {
  rule:
    | "entry_unbalanced"
    | "ledger_unbalanced"
    | "negative_balance"
    | "over_approved"
    | "paid_mismatch"
    | "retention_mismatch";
  detail: string;
}

/**
 * Checks four invariants. Every entry and the whole ledger sum to zero per currency. No
 * account other than agency funding is negative. No share has more paid or in payment than
 * approved. Each share's paid account equals the sum of its settled payments.
 */
export async function checkLedgerInvariants(db: PaymentsDb): Promise<Violation[]> {
  const violations: Violation[] = [];

  const unbalancedEntries = await sql<{ entry_id: number; currency: string; total: number }>`
    select entry_id, currency, sum(amount)::bigint as total
    from ledger_postings group by entry_id, currency having sum(amount) <> 0`.execute(db);
  for (const row of unbalancedEntries.rows) {
    violations.push({
      rule: "entry_unbalanced",
      detail: `entry ${row.entry_id} sums to ${row.total} ${row.currency}`,
    });
  }

  const ledger = await sql<{ currency: string; total: number }>`
    select currency, sum(amount)::bigint as total
    from ledger_postings group by currency having sum(amount) <> 0`.execute(db);
  for (const row of ledger.rows) {
    violations.push({
      rule: "ledger_unbalanced",
      detail: `ledger sums to ${row.total} ${row.currency}`,
    });
  }

  const negative = await sql<{ code: string; balance: number }>`
    select a.code, sum(p.amount)::bigint as balance
    from ledger_accounts a join ledger_postings p on p.account_id = a.id
    where a.kind <> 'agency_funding'
    group by a.code having sum(p.amount) < 0`.execute(db);
  for (const row of negative.rows) {
    violations.push({ rule: "negative_balance", detail: `${row.code} is ${row.balance}` });
  }

  const shares = await sql<{
    id: string;
    approved: number;
    committed: number;
    settled: number;
    paid: number;
  }>`
    select s.id, s.approved_amount as approved,
      coalesce((select sum(amount) from payments p
        where p.share_id = s.id and p.status in ('pending', 'sent', 'unknown', 'settled')), 0)::bigint as committed,
      coalesce((select sum(amount) from payments p
        where p.share_id = s.id and p.status = 'settled'), 0)::bigint as settled,
      coalesce((select sum(lp.amount) from ledger_postings lp join ledger_accounts a on a.id = lp.account_id
        where a.code = 'share:' || s.id), 0)::bigint as paid
    from payment_shares s`.execute(db);
  for (const row of shares.rows) {
    if (row.committed > row.approved) {
      violations.push({
        rule: "over_approved",
        detail: `share ${row.id} has ${row.committed} paid or in payment, approved ${row.approved}`,
      });
    }
    if (row.paid !== row.settled) {
      violations.push({
        rule: "paid_mismatch",
        detail: `share ${row.id} paid account holds ${row.paid}, settled payments sum to ${row.settled}`,
      });
    }
  }
  return violations;
}
