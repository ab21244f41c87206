/**
 * Compliance holds: a share is not paid while its payee misses a document the project requires
 * of payees of its kind (insurance, licence, the signed receipt for its previous payment). The
 * hold and its reason are stored per share and document kind, and released when the document
 * is registered; the next payment of the claim then pays the share.
 */
import { EventEmitter } from "node:events";
import { errors, type Problem } from "../http/errors.js";
import {
  complianceTables,
  type ComplianceDb,
  type DocumentKind,
  type HoldKind,
} from "./compliance-tables.js";
import { assertActsFor, type PayeeActor } from "./payee-access.js";
import { checkShareAccount } from "./payee-accounts.js";
import { contractPayeeId, workerPayeeId, type ClaimsDb, type PayeeKind } from "./tables.js";

/** A hold placed on a share or released from it, as the notification hook receives it. */
export interface ShareHoldEvent {
  projectId: string;
  shareId: string;
  payeeId: string;
  documentKind: HoldKind;
  /** Reason for the hold, in words the payee can act on. */
  reason: string;
}

/**
 * Hold events, emitted after the transaction that placed ("held") or lifted ("released") the
 * hold has committed. Listeners notify the payee; a listener that throws does not undo the hold.
 */
export const shareHoldEvents = new EventEmitter<{
  held: [ShareHoldEvent];
  released: [ShareHoldEvent];
}>();

/** Emits each event to the `shareHoldEvents` listeners. */
export function emitHoldEvents(kind: "held" | "released", events: ShareHoldEvent[]): void {
  for (const event of events) shareHoldEvents.emit(kind, event);
}

/** States why a share is held for a missing document of `kind`, or for its bank account. */
export function holdReason(kind: HoldKind, receiptShareId?: string | null): string {
  switch (kind) {
    case "bank_account":
      return "the payee's bank account is not verified by the bank";
    case "insurance":
      return "the payee's insurance certificate is not registered";
    case "licence":
      return "the payee's business licence is not registered";
    case "payment_receipt":
      return receiptShareId
        ? `the signed receipt for the payment of share ${receiptShareId} is not registered`
        : "the signed receipt for the previous payment is not registered";
  }
}

/** The required documents of a project, by payee kind. */
export type RequiredDocuments = { payeeKind: PayeeKind; documentKinds: DocumentKind[] }[];

/** Replaces the documents the project requires of each payee kind, in one transaction. */
export async function setRequiredDocuments(
  db: ClaimsDb,
  projectId: string,
  required: RequiredDocuments,
): Promise<void> {
  const problems: Problem[] = [];
  const seen = new Set<PayeeKind>();
  required.forEach((entry, index) => {
    if (seen.has(entry.payeeKind)) {
      problems.push({ path: `required.${index}.payeeKind`, message: "is listed twice" });
    }
    seen.add(entry.payeeKind);
  });
  if (problems.length > 0)
    throw errors.invalidInput(problems, "The required documents are invalid.");

  await complianceTables(db)
    .transaction()
    .execute(async (trx) => {
      await trx
        .deleteFrom("payment_required_documents")
        .where("project_id", "=", projectId)
        .execute();
      const rows = required.flatMap((entry) =>
        [...new Set(entry.documentKinds)].map((documentKind) => ({
          project_id: projectId,
          payee_kind: entry.payeeKind,
          document_kind: documentKind,
        })),
      );
      if (rows.length > 0)
        await trx.insertInto("payment_required_documents").values(rows).execute();
    });
}

/** Loads the documents the project requires, one entry per payee kind with any. */
export async function listRequiredDocuments(
  db: ClaimsDb,
  projectId: string,
): Promise<RequiredDocuments> {
  const rows = await complianceTables(db)
    .selectFrom("payment_required_documents")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("payee_kind")
    .orderBy("document_kind")
    .execute();
  const byKind = new Map<PayeeKind, DocumentKind[]>();
  for (const row of rows) {
    byKind.set(row.payee_kind, [...(byKind.get(row.payee_kind) ?? []), row.document_kind]);
  }
  return [...byKind].map(([payeeKind, documentKinds]) => ({ payeeKind, documentKinds }));
}

interface MissingDocument {
  kind: DocumentKind;
  /** For a missing receipt: the earlier share whose payment it acknowledges. */
  receiptShareId: string | null;
}

/**
 * Lists the required documents the payee has not registered. A payment receipt is required
 * for every earlier share of the payee found paid in full, other than `shareId` itself.
 */
async function missingDocuments(
  db: ComplianceDb,
  projectId: string,
  payeeKind: PayeeKind,
  payeeId: string,
  shareId: string,
): Promise<MissingDocument[]> {
  const required = await db
    .selectFrom("payment_required_documents")
    .select("document_kind")
    .where("project_id", "=", projectId)
    .where("payee_kind", "=", payeeKind)
    .execute();
  const documents = await db
    .selectFrom("payee_documents")
    .select(["document_kind", "receipt_share_id"])
    .where("project_id", "=", projectId)
    .where("payee_id", "=", payeeId)
    .execute();
  const missing: MissingDocument[] = [];
  for (const { document_kind: kind } of required) {
    if (kind !== "payment_receipt") {
      if (!documents.some((document) => document.document_kind === kind)) {
        missing.push({ kind, receiptShareId: null });
      }
      continue;
    }
    const paidBefore = await db
      .selectFrom("payment_share_terms")
      .innerJoin("payment_shares", "payment_shares.id", "payment_share_terms.share_id")
      .select("payment_share_terms.share_id")
      .where("payment_shares.payee_id", "=", payeeId)
      .where("payment_share_terms.paid_on", "is not", null)
      .where("payment_share_terms.share_id", "!=", shareId)
      .orderBy("payment_share_terms.share_id")
      .execute();
    const unreceipted = paidBefore.find(
      (share) => !documents.some((document) => document.receipt_share_id === share.share_id),
    );
    if (unreceipted) missing.push({ kind, receiptShareId: unreceipted.share_id });
  }
  return missing;
}

/**
 * Checks the share's payee against the project's required documents inside the caller's
 * transaction: places a hold for each missing document and releases holds whose document has
 * arrived. The payee's bank account is checked too (`checkShareAccount`): a share is held
 * while the account is unverified or rejected. Returns the holds now open on the share (empty when it may be paid) and the newly
 * placed ones, for `emitHoldEvents` after commit.
 */
export async function checkShareDocuments(
  trx: ClaimsDb,
  share: { projectId: string; shareId: string; payeeKind: PayeeKind; payeeId: string },
  now: Date,
): Promise<{ open: ShareHoldEvent[]; placed: ShareHoldEvent[] }> {
  const db = complianceTables(trx);
  const missing = await missingDocuments(
    db,
    share.projectId,
    share.payeeKind,
    share.payeeId,
    share.shareId,
  );
  const existing = await db
    .selectFrom("payment_share_holds")
    .select(["document_kind", "released_at"])
    .where("share_id", "=", share.shareId)
    .execute();
  const event = (document: MissingDocument): ShareHoldEvent => ({
    projectId: share.projectId,
    shareId: share.shareId,
    payeeId: share.payeeId,
    documentKind: document.kind,
    reason: holdReason(document.kind, document.receiptShareId),
  });

  const placed: ShareHoldEvent[] = [];
  for (const document of missing) {
    const before = existing.find((hold) => hold.document_kind === document.kind);
    if (before && before.released_at === null) continue;
    await db
      .insertInto("payment_share_holds")
      .values({
        share_id: share.shareId,
        document_kind: document.kind,
        project_id: share.projectId,
        payee_id: share.payeeId,
        held_at: now,
        released_at: null,
      })
      .onConflict((conflict) =>
        conflict
          .columns(["share_id", "document_kind"])
          .doUpdateSet({ held_at: now, released_at: null }),
      )
      .execute();
    placed.push(event(document));
  }
  const stillMissing = new Set(missing.map((document) => document.kind));
  const arrived = existing
    .filter(
      (hold) =>
        hold.released_at === null &&
        hold.document_kind !== "bank_account" &&
        !stillMissing.has(hold.document_kind),
    )
    .map((hold) => hold.document_kind);
  if (arrived.length > 0) {
    await db
      .updateTable("payment_share_holds")
      .set({ released_at: now })
      .where("share_id", "=", share.shareId)
      .where("document_kind", "in", arrived)
      .execute();
  }
  const account = await checkShareAccount(trx, share, now);
  return {
    open: [...missing.map(event), ...(account.open ? [account.open] : [])],
    placed: [...placed, ...account.placed],
  };
}

/** A document to register for the payee of a contract or for a worker. */
export interface PayeeDocumentInput {
  contractId?: number;
  workerReference?: string;
  kind: DocumentKind;
  /** The document's number or title, as issued; not personal data. */
  reference: string;
  /** For a payment receipt: the share whose payment it acknowledges. */
  receiptShareId?: string;
}

/**
 * Registers a payee's document and releases, in the same transaction, every hold of that payee
 * whose documents are now all present. Returns the document id and the released holds; the
 * caller emits them with `emitHoldEvents` after commit. Raises 400 naming the field when the
 * payee or the receipt's share is not of this project, and, with `actor.acting`, 403 unless
 * the actor is the agency official or may act for the payee (see `payee-access.ts`).
 */
export async function registerPayeeDocument(
  db: ClaimsDb,
  projectId: string,
  input: PayeeDocumentInput,
  actor: { userId: number; now: Date; acting?: PayeeActor },
): Promise<{ documentId: number; released: ShareHoldEvent[] }> {
  return complianceTables(db)
    .transaction()
    .execute(async (trx) => {
      const payeeId = await resolvePayee(trx, projectId, input);
      if (actor.acting) {
        const field = input.contractId !== undefined ? "contractId" : "workerReference";
        await assertActsFor(trx as unknown as ClaimsDb, actor.acting, payeeId, field, {
          agencyToo: true,
        });
      }
      if (input.kind === "payment_receipt") {
        const share = input.receiptShareId
          ? await trx
              .selectFrom("payment_shares")
              .select("id")
              .where("id", "=", input.receiptShareId)
              .where("project_id", "=", projectId)
              .where("payee_id", "=", payeeId)
              .executeTakeFirst()
          : undefined;
        if (!share) {
          throw errors.invalidInput(
            [
              {
                path: "receiptShareId",
                message: input.receiptShareId
                  ? `${input.receiptShareId} is not a share of this payee in this project`
                  : "is missing; a payment receipt names the share it acknowledges",
              },
            ],
            "The document is invalid.",
          );
        }
      } else if (input.receiptShareId !== undefined) {
        throw errors.invalidInput(
          [{ path: "receiptShareId", message: "is only for a payment_receipt document" }],
          "The document is invalid.",
        );
      }

      const row = await trx
        .insertInto("payee_documents")
        .values({
          project_id: projectId,
          payee_id: payeeId,
          document_kind: input.kind,
          reference: input.reference,
          receipt_share_id: input.receiptShareId ?? null,
          registered_by: actor.userId,
          registered_at: actor.now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();

      const held = await trx
        .selectFrom("payment_share_holds")
        .innerJoin(
          "payment_share_terms",
          "payment_share_terms.share_id",
          "payment_share_holds.share_id",
        )
        .select([
          "payment_share_holds.share_id",
          "payment_share_holds.document_kind",
          "payment_share_terms.payee_kind",
        ])
        .where("payment_share_holds.project_id", "=", projectId)
        .where("payment_share_holds.payee_id", "=", payeeId)
        .where("payment_share_holds.released_at", "is", null)
        .where("payment_share_holds.document_kind", "!=", "bank_account")
        .orderBy("payment_share_holds.share_id")
        .execute();
      const released: ShareHoldEvent[] = [];
      for (const shareId of [...new Set(held.map((hold) => hold.share_id))]) {
        const before = held.filter((hold) => hold.share_id === shareId);
        const { open } = await checkShareDocuments(
          trx as unknown as ClaimsDb,
          { projectId, shareId, payeeKind: before[0]!.payee_kind, payeeId },
          actor.now,
        );
        for (const hold of before) {
          if (open.some((still) => still.documentKind === hold.document_kind)) continue;
          released.push({
            projectId,
            shareId,
            payeeId,
            documentKind: hold.document_kind,
            reason: `${holdReason(hold.document_kind)}; it is registered now`,
          });
        }
      }
      return { documentId: row.id, released };
    });
}

async function resolvePayee(
  db: ComplianceDb,
  projectId: string,
  input: PayeeDocumentInput,
): Promise<string> {
  if ((input.contractId === undefined) === (input.workerReference === undefined)) {
    throw errors.invalidInput(
      [{ path: "contractId", message: "name exactly one of contractId and workerReference" }],
      "The document is invalid.",
    );
  }
  if (input.contractId !== undefined) {
    const contract = await db
      .selectFrom("payment_contracts")
      .select("id")
      .where("id", "=", input.contractId)
      .where("project_id", "=", projectId)
      .executeTakeFirst();
    if (!contract) {
      throw errors.invalidInput(
        [{ path: "contractId", message: `${input.contractId} is not a contract of this project` }],
        "The document is invalid.",
      );
    }
    return contractPayeeId(contract.id);
  }
  const worker = await db
    .selectFrom("payment_workers")
    .select("id")
    .where("reference", "=", input.workerReference!)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!worker) {
    throw errors.invalidInput(
      [
        {
          path: "workerReference",
          message: `${input.workerReference} is not a worker of this project`,
        },
      ],
      "The document is invalid.",
    );
  }
  return workerPayeeId(worker.id);
}

/** A hold on a share, as the agency and the payee's own view list it. */
export interface ShareHold {
  shareId: string;
  payeeId: string;
  documentKind: HoldKind;
  reason: string;
  heldAt: Date;
  releasedAt: Date | null;
}

/** Lists the project's holds, open ones first, optionally of one payee only. */
export async function listHolds(
  db: ClaimsDb,
  projectId: string,
  filter: { payeeId?: string } = {},
): Promise<ShareHold[]> {
  let query = complianceTables(db)
    .selectFrom("payment_share_holds")
    .selectAll()
    .where("project_id", "=", projectId);
  if (filter.payeeId !== undefined) query = query.where("payee_id", "=", filter.payeeId);
  const rows = await query.orderBy("held_at").orderBy("share_id").execute();
  return rows
    .map((row) => ({
      shareId: row.share_id,
      payeeId: row.payee_id,
      documentKind: row.document_kind,
      reason: row.reason ?? holdReason(row.document_kind),
      heldAt: row.held_at,
      releasedAt: row.released_at,
    }))
    .sort((a, b) => Number(a.releasedAt !== null) - Number(b.releasedAt !== null));
}
