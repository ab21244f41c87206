/**
 * The contracts of a project's direct payment: the prime contract, subcontracts with their
 * work items, and supply agreements for materials and equipment. Each party is a payee with a
 * bank account registered in the payment core under `contract:<id>`.
 */
import { errors, type Problem } from "../http/errors.js";
import { registerBankAccount, verifyBankAccount } from "../payments/bank-accounts.js";
import type { BankAccountRef, BankAdapter } from "../payments/banks/adapter.js";
import { isPrime, notYourPayee, type PayeeActor } from "./payee-access.js";
import { lockPaymentProject, loadPricedItems, type PricedItem } from "./project.js";
import { contractPayeeId, paymentsOf, type ClaimsDb, type ContractKind } from "./tables.js";

/** A contract to register. Amounts are minor units of the project's currency. */
export interface ContractInput {
  kind: ContractKind;
  partyName: string;
  amount: number;
  /** Subcontracts only: the schedule items it covers, at the subcontract's unit prices. */
  items: { itemCode: string; quantity: number; unitPrice: number }[];
  /**
   * The party's account. Only the party's own organisation registers it; a contract the prime
   * registers for a subcontractor or supplier has none until the party registers it.
   */
  bankAccount?: BankAccountRef | null;
  /**
   * The party's organisation, whose users act for the contract. Left out: the caller's own
   * organisation when the caller registers the prime contract or is not the prime.
   */
  organisationId?: string | null;
  /** The party's private contact phone for SMS notices and the self-check. */
  contactPhone?: string | null;
}

/** A contract as the API returns it, without the party's bank account details. */
export interface Contract {
  id: number;
  kind: ContractKind;
  partyName: string;
  amount: number;
  currency: string;
  /** The party's organisation, or null when none is recorded. */
  organisationId: string | null;
  bankAccountId: number | null;
  bankAccountStatus: string | null;
  items: { itemCode: string; quantity: number; unitPrice: number }[];
  /** Subcontracts only: the subcontract's price over the prime's price for the same work. */
  priceRatio: number | null;
  /** True when the price ratio is below the configured floor. */
  belowRatioFloor: boolean;
}

/**
 * Registers a contract and its party's bank account, then has the bank verify the account.
 * A subcontract's items must be items of the approved schedule. Raises 400 naming the field,
 * 403 when the caller may not register the contract or its account (see `checkRegistrant`),
 * and 409 for a second prime contract or a project without an approved schedule.
 */
export async function registerContract(
  db: ClaimsDb,
  bank: BankAdapter,
  projectId: string,
  input: ContractInput,
  actor: { userId: number; now: Date; acting?: PayeeActor },
  ratioFloor: number,
): Promise<Contract> {
  const contractId = await db.transaction().execute(async (trx) => {
    // The project's row lock keeps concurrent requests to one prime contract.
    const project = await lockPaymentProject(trx, projectId);
    const problems: Problem[] = [];
    const organisationId = await partyOrganisation(trx, input, actor.acting, problems);
    if (actor.acting) {
      await checkRegistrant(trx, projectId, input, organisationId, actor.acting, problems);
    }
    if (input.kind === "subcontract") {
      const priced = await loadPricedItems(trx, projectId);
      if (priced.size === 0) {
        throw errors.conflict(
          "The project has no approved schedule; a subcontract's items refer to its work items.",
        );
      }
      if (input.items.length === 0) {
        problems.push({ path: "items", message: "a subcontract needs at least one work item" });
      }
      const seen = new Set<string>();
      input.items.forEach((item, index) => {
        if (!priced.has(item.itemCode)) {
          problems.push({
            path: `items.${index}.itemCode`,
            message: `${item.itemCode} is not a work item of the approved schedule`,
          });
        }
        if (seen.has(item.itemCode)) {
          problems.push({ path: `items.${index}.itemCode`, message: "is listed twice" });
        }
        seen.add(item.itemCode);
      });
    } else if (input.items.length > 0) {
      problems.push({ path: "items", message: "only a subcontract lists work items" });
    }
    if (input.kind === "prime") {
      const prime = await trx
        .selectFrom("payment_contracts")
        .select("id")
        .where("project_id", "=", projectId)
        .where("kind", "=", "prime")
        .executeTakeFirst();
      if (prime) throw errors.conflict(`Project ${projectId} already has a prime contract.`);
    }
    if (problems.length > 0) throw errors.invalidInput(problems);

    const row = await trx
      .insertInto("payment_contracts")
      .values({
        project_id: projectId,
        kind: input.kind,
        party_name: input.partyName,
        amount: input.amount,
        currency: project.currency,
        organisation_id: organisationId,
        contact_phone: input.contactPhone ?? null,
        registered_by: actor.userId,
        registered_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.items.length > 0) {
      await trx
        .insertInto("payment_contract_items")
        .values(
          input.items.map((item) => ({
            contract_id: row.id,
            item_code: item.itemCode,
            quantity: item.quantity,
            unit_price: item.unitPrice,
          })),
        )
        .execute();
    }
    if (!input.bankAccount) return row.id;
    const account = await registerBankAccount(paymentsOf(trx), {
      ...input.bankAccount,
      payeeId: contractPayeeId(row.id),
    });
    await trx
      .updateTable("payment_contracts")
      .set({ bank_account_id: account.id })
      .where("id", "=", row.id)
      .execute();
    return row.id;
  });

  // The bank is called after the commit, so a slow bank keeps no transaction open. An account
  // the bank rejects stays stored as rejected and receives no payment.
  const stored = await getContract(db, projectId, contractId, ratioFloor);
  if (stored.bankAccountId !== null) {
    await verifyBankAccount(paymentsOf(db), bank, stored.bankAccountId);
  }
  return getContract(db, projectId, contractId, ratioFloor);
}

/**
 * Checks who registers the contract, because its party is paid directly into the account it
 * names. Raises 403 naming the field when:
 * - a caller other than a prime contractor member registers the prime contract (`kind`);
 * - a caller other than the prime names another organisation as the party (`organisationId`),
 *   or the prime names another one as the prime contract's party;
 * - the caller gives the bank account of another organisation's contract (`bankAccount`): only
 *   the party's own users register it, afterwards, with `PUT contracts/{id}/bank-account`.
 * Adds a problem (400) when the prime registers a subcontract or supply agreement without
 * naming the party's organisation, or names its own or one with no subcontractor member in
 * the project, so that no contract stands for a party that cannot act for itself.
 */
async function checkRegistrant(
  trx: ClaimsDb,
  projectId: string,
  input: ContractInput,
  organisationId: string | null,
  acting: PayeeActor,
  problems: Problem[],
): Promise<void> {
  // An unknown organisation is already a problem of its own (400).
  if (problems.some((problem) => problem.path === "organisationId")) return;
  const prime = isPrime(acting);
  if (input.kind === "prime" && !prime) {
    throw notYourPayee([
      { path: "kind", message: "only the prime contractor registers the prime contract" },
    ]);
  }
  const own = organisationId === acting.organisationId;
  if ((input.kind === "prime" || !prime) && !own) {
    throw notYourPayee([
      {
        path: "organisationId",
        message: "names another organisation; register only contracts of your own organisation",
      },
    ]);
  }
  if (input.kind === "prime" || !prime) return;

  // The prime registers the terms of another organisation's contract, never its account.
  if (input.bankAccount) {
    throw notYourPayee([
      {
        path: "bankAccount",
        message: "is the party's to register: its own users register the account of their contract",
      },
    ]);
  }
  if (organisationId === null) {
    problems.push({
      path: "organisationId",
      message: "is missing: name the party's organisation, whose users register its account",
    });
  } else if (organisationId === acting.organisationId) {
    problems.push({
      path: "organisationId",
      message: "is the prime contractor's own; a subcontract or supply agreement has another party",
    });
  } else {
    const member = await trx
      .selectFrom("project_memberships")
      .innerJoin("users", "users.id", "project_memberships.user_id")
      .select("users.id")
      .where("project_memberships.project_id", "=", projectId)
      .where("project_memberships.role", "=", "subcontractor")
      .where("users.organisation_id", "=", organisationId)
      .executeTakeFirst();
    if (!member) {
      problems.push({
        path: "organisationId",
        message: `${organisationId} has no subcontractor member in this project`,
      });
    }
  }
}

/**
 * Returns the organisation of the contract's party: the one given, which must exist (a problem
 * otherwise), or by default the caller's own when it registers the prime contract or is not
 * the prime contractor.
 */
async function partyOrganisation(
  trx: ClaimsDb,
  input: ContractInput,
  acting: PayeeActor | undefined,
  problems: Problem[],
): Promise<string | null> {
  if (input.organisationId === undefined) {
    const own = acting && (input.kind === "prime" || !isPrime(acting));
    return own ? acting.organisationId : null;
  }
  if (input.organisationId === null) return null;
  const organisation = await trx
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", input.organisationId)
    .executeTakeFirst();
  if (!organisation) {
    problems.push({
      path: "organisationId",
      message: `${input.organisationId} is not a registered organisation`,
    });
  }
  return input.organisationId;
}

/** Lists the project's contracts, prime first, with each subcontract's price ratio. */
export async function listContracts(
  db: ClaimsDb,
  projectId: string,
  ratioFloor: number,
): Promise<Contract[]> {
  const rows = await db
    .selectFrom("payment_contracts")
    .leftJoin("payee_bank_accounts", "payee_bank_accounts.id", "payment_contracts.bank_account_id")
    .select([
      "payment_contracts.id",
      "payment_contracts.kind",
      "payment_contracts.party_name",
      "payment_contracts.amount",
      "payment_contracts.currency",
      "payment_contracts.organisation_id",
      "payment_contracts.bank_account_id",
      "payee_bank_accounts.status as bank_account_status",
    ])
    .where("payment_contracts.project_id", "=", projectId)
    .orderBy("payment_contracts.id")
    .execute();
  const items = rows.length
    ? await db
        .selectFrom("payment_contract_items")
        .selectAll()
        .where(
          "contract_id",
          "in",
          rows.map((row) => row.id),
        )
        .orderBy("item_code")
        .execute()
    : [];
  const priced = await loadPricedItems(db, projectId);

  const contracts = rows.map((row) => {
    const own = items
      .filter((item) => item.contract_id === row.id)
      .map((item) => ({
        itemCode: item.item_code,
        quantity: item.quantity,
        unitPrice: item.unit_price,
      }));
    const priceRatio = row.kind === "subcontract" ? subcontractRatio(own, priced) : null;
    return {
      id: row.id,
      kind: row.kind,
      partyName: row.party_name,
      amount: row.amount,
      currency: row.currency,
      organisationId: row.organisation_id,
      bankAccountId: row.bank_account_id,
      bankAccountStatus: row.bank_account_status,
      items: own,
      priceRatio,
      belowRatioFloor: priceRatio !== null && priceRatio < ratioFloor,
    };
  });
  const order: Record<ContractKind, number> = { prime: 0, subcontract: 1, supply: 2 };
  return contracts.sort((a, b) => order[a.kind] - order[b.kind] || a.id - b.id);
}

/** Returns one contract of the project, or raises 404. */
export async function getContract(
  db: ClaimsDb,
  projectId: string,
  contractId: number,
  ratioFloor: number,
): Promise<Contract> {
  const contract = (await listContracts(db, projectId, ratioFloor)).find(
    (candidate) => candidate.id === contractId,
  );
  if (!contract) throw errors.notFound(`Contract ${contractId} of project ${projectId}`);
  return contract;
}

/**
 * Returns Σ quantity × subcontract unit price over Σ quantity × prime unit price for the
 * subcontract's items, rounded to four decimals, or null when the prime price is zero or an
 * item is no longer in the approved schedule.
 */
export function subcontractRatio(
  items: { itemCode: string; quantity: number; unitPrice: number }[],
  priced: Map<string, PricedItem>,
): number | null {
  let subcontractPrice = 0;
  let primePrice = 0;
  for (const item of items) {
    const prime = priced.get(item.itemCode);
    if (!prime) return null;
    subcontractPrice += item.quantity * item.unitPrice;
    primePrice += item.quantity * prime.unitPrice;
  }
  if (primePrice === 0) return null;
  return Math.round((subcontractPrice / primePrice) * 10_000) / 10_000;
}
