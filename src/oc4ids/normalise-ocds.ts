import type { ImportWarning, InputLocation, JsonObject, PublisherInfo } from "../import/types.js";
import { cleanValues } from "./clean-values.js";
import { asObject, childPointer, objectEntries, quote, RepairLog } from "./repair-log.js";
import type { RepairCode } from "./repair-log.js";
import {
  assumeTransactionCurrency,
  buildLegacyParties,
  checkProgressMilestones,
  dateUndatedTransactions,
  removeUnknownCurrencies,
} from "./normalise-ocds-legacy.js";
import { mergeDuplicateParties, repairCode, repairReleaseTag } from "./shared-repairs.js";

/** Closed status codelists of OCDS 1.1.5. */
const TENDER_STATUSES = [
  "planning",
  "planned",
  "active",
  "cancelled",
  "unsuccessful",
  "complete",
  "withdrawn",
];
const AWARD_STATUSES = ["pending", "active", "cancelled", "unsuccessful"];
const CONTRACT_STATUSES = ["pending", "active", "cancelled", "terminated"];

/** An OCDS release or record in 1.1 form and the repairs that got it there. */
export interface NormalisedOcds {
  value: JsonObject;
  warnings: ImportWarning[];
}

/**
 * Turns a raw OCDS release or compiled release (1.0 or 1.1) into OCDS 1.1 form, with one
 * warning per repair. The input is not changed.
 *
 * Repairs: a comma-joined `tag`, tender, award and contract statuses in the wrong case (a
 * status outside the codelist is removed with a warning), identical duplicate parties, OCDS 1.0
 * transactions (`amount`, `providerOrganization`, `receiverOrganization` become `value`,
 * `payer`, `payee`, and each organisation is added to `parties`), and the value repairs of
 * normaliseProject (dates, numbers, URIs, empty values).
 */
export function normaliseOcdsRelease(raw: JsonObject, location: InputLocation): NormalisedOcds {
  const release = structuredClone(raw);
  const log = new RepairLog(location);
  repairRelease(release, log);
  return { value: release, warnings: log.warnings };
}

/**
 * Normalises an OCDS record: its `compiledRelease` and each full release as
 * normaliseOcdsRelease does, and the tag and date of each linked release.
 */
export function normaliseOcdsRecord(raw: JsonObject, location: InputLocation): NormalisedOcds {
  const record = structuredClone(raw);
  const log = new RepairLog(location);

  for (const [index, release] of objectEntries(record.releases)) {
    const pointer = childPointer("/releases", index);
    if (isLinkedRelease(release)) repairLinkedRelease(release, log.within(pointer));
    else repairRelease(release, log.within(pointer));
  }
  const compiled = asObject(record.compiledRelease);
  if (compiled) repairRelease(compiled, log.within("/compiledRelease"));

  return { value: record, warnings: log.warnings };
}

/**
 * Repairs a package's publisher block: drops empty fields, and drops a `scheme` that comes
 * without a `uid` (a scheme identifies nothing on its own; publishers often copy
 * `"scheme": "GB-COH", "uid": ""` from the OCDS example).
 */
export function normalisePublisher(
  raw: PublisherInfo,
  location: InputLocation,
): { publisher: PublisherInfo; warnings: ImportWarning[] } {
  const log = new RepairLog(location, "/publisher");
  const publisher: PublisherInfo = {};
  for (const field of ["name", "scheme", "uid", "uri"] as const) {
    const value = raw[field];
    if (value === undefined) continue;
    if (value.trim() === "") {
      log.add("empty-value-removed", `/${field}`, "removed an empty string");
      continue;
    }
    publisher[field] = value;
  }

  if (publisher.scheme !== undefined && publisher.uid === undefined) {
    log.add(
      "publisher-scheme-without-uid",
      "/scheme",
      `removed the scheme ${quote(publisher.scheme)} because the publisher has no uid in it`,
    );
    delete publisher.scheme;
  }
  return { publisher, warnings: log.warnings };
}

function repairRelease(release: JsonObject, log: RepairLog): void {
  repairReleaseTag(release, "", log);
  buildLegacyParties(release, log);

  const tender = asObject(release.tender);
  if (tender) repairStatus(tender, "/tender/status", TENDER_STATUSES, log);
  for (const [index, award] of objectEntries(release.awards)) {
    repairStatus(award, childPointer("/awards", index) + "/status", AWARD_STATUSES, log);
  }
  for (const [index, contract] of objectEntries(release.contracts)) {
    const pointer = childPointer("/contracts", index);
    repairStatus(contract, `${pointer}/status`, CONTRACT_STATUSES, log);
    upgradeTransactions(release, contract, pointer, log);
    dateUndatedTransactions(release, contract, pointer, log);
    assumeTransactionCurrency(contract, pointer, log);
    checkProgressMilestones(contract, pointer, log);
  }

  mergeDuplicateParties(release, "", log);
  removeUnknownCurrencies(release, "", log);
  cleanValues(release, log);
}

/** Corrects the case of a status code, or removes a status that is not in its codelist. */
function repairStatus(
  object: JsonObject,
  pointer: string,
  codes: readonly string[],
  log: RepairLog,
): void {
  if (repairCode(object, "status", pointer, codes, log)) return;

  log.add(
    "invalid-code-removed",
    pointer,
    `removed the status ${quote(object.status)}, which is not one of ${codes.join(", ")}`,
  );
  delete object.status;
}

/** OCDS 1.0 transaction fields and their OCDS 1.1 successors. */
const TRANSACTION_RENAMES: ReadonlyArray<{
  from: string;
  to: string;
  code: RepairCode;
  role: string;
}> = [
  {
    from: "providerOrganization",
    to: "payer",
    code: "transaction-provider-renamed",
    role: "payer",
  },
  {
    from: "receiverOrganization",
    to: "payee",
    code: "transaction-receiver-renamed",
    role: "payee",
  },
];

/**
 * Rewrites OCDS 1.0 transactions of one contract in 1.1 form, with one warning per kind of
 * change. A 1.0 organisation identifier becomes a 1.1 organisation reference whose `id` is the
 * identifier's `id`; the original identifier is kept in the reference's `identifier` field.
 */
function upgradeTransactions(
  release: JsonObject,
  contract: JsonObject,
  contractPointer: string,
  log: RepairLog,
): void {
  const implementation = asObject(contract.implementation);
  const transactions = objectEntries(implementation?.transactions);
  const basePointer = `${contractPointer}/implementation/transactions`;
  const changed = new Map<RepairCode, number[]>();

  for (const [index, transaction] of transactions) {
    if (transaction.amount !== undefined && transaction.value === undefined) {
      transaction.value = transaction.amount;
      delete transaction.amount;
      noteChange(changed, "transaction-amount-renamed", index);
    }
    for (const rename of TRANSACTION_RENAMES) {
      const identifier = asObject(transaction[rename.from]);
      if (!identifier || transaction[rename.to] !== undefined) continue;
      transaction[rename.to] = organisationReference(identifier);
      delete transaction[rename.from];
      addParty(release, identifier, rename.role);
      noteChange(changed, rename.code, index);
    }
  }

  for (const [code, indices] of changed) {
    const [from, to] = describeRename(code);
    log.add(
      code,
      childPointer(basePointer, indices[0] ?? 0),
      `renamed the OCDS 1.0 field ${from} to ${to} in ${indices.length} transaction(s): ` +
        indices.map((index) => childPointer(basePointer, index)).join(", "),
    );
  }
}

function noteChange(changed: Map<RepairCode, number[]>, code: RepairCode, index: number): void {
  const indices = changed.get(code) ?? [];
  indices.push(index);
  changed.set(code, indices);
}

function describeRename(code: RepairCode): [string, string] {
  if (code === "transaction-amount-renamed") return ["amount", "value"];
  const rename = TRANSACTION_RENAMES.find((entry) => entry.code === code);
  return rename ? [rename.from, `${rename.to} (and added it to parties)`] : [code, code];
}

function organisationReference(identifier: JsonObject): JsonObject {
  const reference: JsonObject = { identifier };
  const id = identifierId(identifier);
  if (id !== undefined) reference.id = id;
  if (typeof identifier.legalName === "string") reference.name = identifier.legalName;
  return reference;
}

/** Adds the organisation to `parties` with `role`, or adds the role to an existing party. */
function addParty(release: JsonObject, identifier: JsonObject, role: string): void {
  const id = identifierId(identifier);
  if (id === undefined) return;
  const parties = Array.isArray(release.parties) ? release.parties : [];
  release.parties = parties;

  const existing = objectEntries(parties).find(([, party]) => party.id === id)?.[1];
  if (existing) {
    const roles = Array.isArray(existing.roles) ? (existing.roles as unknown[]) : [];
    if (!roles.includes(role)) existing.roles = [...roles, role];
    return;
  }
  const party: JsonObject = { id, identifier: { ...identifier }, roles: [role] };
  if (typeof identifier.legalName === "string") party.name = identifier.legalName;
  parties.push(party);
}

function identifierId(identifier: JsonObject): string | undefined {
  const id = identifier.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

/** A record's linked release holds only `url`, `date` and `tag`, not the release itself. */
function isLinkedRelease(release: JsonObject): boolean {
  return release.url !== undefined && release.ocid === undefined;
}

function repairLinkedRelease(release: JsonObject, log: RepairLog): void {
  repairReleaseTag(release, "", log);
  cleanValues(release, log);
}
