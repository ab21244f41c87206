/**
 * Builds funded projects with approved shares and verified payee accounts, for the payment
 * tests, the crash test and the disbursement benchmark. The holder names are made up.
 */
import { depositToProject } from "./accounts.js";
import {
  registerBankAccount,
  registerSegregatedBankAccount,
  verifyBankAccount,
} from "./bank-accounts.js";
import type { BankAdapter } from "./banks/adapter.js";
import { approveShare } from "./shares.js";
import type { PaymentsDb } from "./tables.js";

/** A share of the fixture project with the payee's verified bank account. */
export interface FixtureShare {
  shareId: string;
  payeeId: string;
  bankAccountId: number;
  accountIdentifier: string;
  approvedAmount: number;
}

export interface FixtureProject {
  projectId: string;
  currency: string;
  shares: FixtureShare[];
}

/**
 * Registers the project's segregated account, deposits `deposit` into it, and approves
 * `shareAmounts.length` shares, one payee each, with a verified domestic account each. Every
 * step is idempotent, so a restarted process may run it again.
 */
export async function createFundedProject(
  db: PaymentsDb,
  bank: BankAdapter,
  options: { projectId: string; currency?: string; deposit: number; shareAmounts: number[] },
): Promise<FixtureProject> {
  const currency = options.currency ?? "KRW";
  const { projectId } = options;
  await registerSegregatedBankAccount(db, {
    projectId,
    currency,
    holderName: `Segregated account of ${projectId}`,
    scheme: "other",
    identifier: `SEG-${projectId}`.slice(0, 34),
    agentId: "WOORI",
  });
  if (options.deposit > 0) {
    await depositToProject(db, {
      agencyId: "agency-1",
      projectId,
      currency,
      amount: options.deposit,
      idempotencyKey: `deposit:${projectId}`,
    });
  }

  const shares: FixtureShare[] = [];
  for (const [index, amount] of options.shareAmounts.entries()) {
    const shareId = `${projectId}-share-${index + 1}`;
    const payeeId = `${projectId}-payee-${index + 1}`;
    const identifier = `${projectId}-${index + 1}`.slice(0, 34);
    await approveShare(db, { shareId, projectId, payeeId, currency, approvedAmount: amount });
    const account = await registerBankAccount(db, {
      payeeId,
      holderName: `Payee ${index + 1}`,
      scheme: "other",
      identifier,
      agentId: null,
    });
    await verifyBankAccount(db, bank, account.id);
    shares.push({
      shareId,
      payeeId,
      bankAccountId: account.id,
      accountIdentifier: identifier,
      approvedAmount: amount,
    });
  }
  return { projectId, currency, shares };
}
