/**
 * Which payees a caller may act for. The role × action table decides whether a role may enter
 * a split, register a document or a bank account at all; these rules decide for whom:
 *
 * - a contract belongs to the organisation named as its party (`organisation_id`), and the
 *   prime contract also to every prime contractor member of the project;
 * - a worker belongs to the organisation of the user who registered the worker, and to the
 *   prime contractor, which answers for the wages of the whole site;
 * - the agency official registers documents for any payee, because it checks them.
 */
import type { ProjectRole } from "../db/types-accounts.js";
import { AppError, type Problem } from "../http/errors.js";
import type { ClaimsDb } from "./tables.js";

/** The caller of a payee action: its organisation and its roles in the project. */
export interface PayeeActor {
  userId: number;
  organisationId: string | null;
  roles: readonly ProjectRole[];
}

/** Raises 403 with one problem per field the caller may not act on; nothing is stored. */
export function notYourPayee(problems: Problem[]): AppError {
  return new AppError(
    "forbidden",
    403,
    "You may act only for your own organisation's contracts and workers.",
    problems,
  );
}

/** True when the actor is a prime contractor member of the project. */
export function isPrime(actor: PayeeActor): boolean {
  return actor.roles.includes("prime_contractor");
}

/**
 * Returns whether the actor may act for the contract: the party's own organisation, or a prime
 * contractor member for the prime contract.
 */
export function ownsContract(
  actor: PayeeActor,
  contract: { kind: string; organisation_id: string | null },
): boolean {
  if (contract.kind === "prime" && isPrime(actor)) return true;
  return actor.organisationId !== null && contract.organisation_id === actor.organisationId;
}

/**
 * Returns whether the actor may act for the worker: the prime contractor for every worker, a
 * subcontractor for the workers it or its organisation's users registered.
 */
export async function ownsWorker(
  db: ClaimsDb,
  actor: PayeeActor,
  workerId: number,
): Promise<boolean> {
  if (isPrime(actor)) return true;
  const employer = await db
    .selectFrom("payment_workers")
    .innerJoin("users", "users.id", "payment_workers.registered_by")
    .select(["users.id", "users.organisation_id"])
    .where("payment_workers.id", "=", workerId)
    .executeTakeFirst();
  if (employer === undefined) return false;
  if (employer.id === actor.userId) return true;
  return actor.organisationId !== null && employer.organisation_id === actor.organisationId;
}

/**
 * Raises 403 naming `path` unless the actor may act for the payee ("contract:<id>" or
 * "worker:<id>" of the project). The agency official passes when `agencyToo` is set.
 */
export async function assertActsFor(
  db: ClaimsDb,
  actor: PayeeActor,
  payeeId: string,
  path: string,
  options: { agencyToo?: boolean } = {},
): Promise<void> {
  if (options.agencyToo && actor.roles.includes("agency_official")) return;
  const [kind, id] = payeeId.split(":");
  let allowed = false;
  if (kind === "contract") {
    const contract = await db
      .selectFrom("payment_contracts")
      .select(["kind", "organisation_id"])
      .where("id", "=", Number(id))
      .executeTakeFirst();
    allowed = contract !== undefined && ownsContract(actor, contract);
  } else if (kind === "worker") {
    allowed = await ownsWorker(db, actor, Number(id));
  }
  if (!allowed) {
    throw notYourPayee([
      {
        path,
        message:
          kind === "worker"
            ? "is not a worker of your organisation"
            : "is not your organisation's contract",
      },
    ]);
  }
}
