import type { JsonObject } from "../import/types.js";
import { PERCENT_TEXT, PHYSICAL_PROGRESS_TITLE } from "../ocds/apply.js";
import { asObject, childPointer, objectEntries, quote, type RepairLog } from "./repair-log.js";

/** Places where OCDS 1.0 releases name organisations in full, and the party role of each. */
const ORGANISATION_PLACES: ReadonlyArray<{
  role: string;
  list: (release: JsonObject) => unknown[];
}> = [
  { role: "buyer", list: (release) => [release.buyer] },
  { role: "procuringEntity", list: (release) => [asObject(release.tender)?.procuringEntity] },
  { role: "tenderer", list: (release) => listAt(asObject(release.tender)?.tenderers) },
  {
    role: "supplier",
    list: (release) =>
      objectEntries(release.awards).flatMap(([, award]) => listAt(award.suppliers)),
  },
];

function listAt(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function textOf(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number") return String(value);
  return undefined;
}

/**
 * Builds `parties` for an OCDS 1.0 release, which names organisations in full where they act
 * (buyer, procuring entity, tenderers, award suppliers) and has no `parties` list. Each such
 * organisation gets an `id` (its own, else its identifier's, else its name) and becomes a party
 * with the role of the place it was found in. The places keep their full description, which
 * OCDS 1.1 still accepts there. Does nothing when the release has `parties`.
 */
export function buildLegacyParties(release: JsonObject, log: RepairLog): void {
  if (release.parties !== undefined) return;

  const parties = new Map<string, JsonObject>();
  for (const place of ORGANISATION_PLACES) {
    for (const value of place.list(release)) {
      const organisation = asObject(value);
      if (!organisation) continue;
      const identifier = asObject(organisation.identifier);
      const name = textOf(organisation.name) ?? textOf(identifier?.legalName);
      const id = textOf(organisation.id) ?? textOf(identifier?.id) ?? name;
      if (id === undefined) continue;
      organisation.id ??= id;

      const party = parties.get(id) ?? { id, roles: [] };
      if (name !== undefined) party.name ??= name;
      for (const field of ["identifier", "address", "contactPoint"]) {
        if (organisation[field] !== undefined)
          party[field] ??= structuredClone(organisation[field]);
      }
      const roles = party.roles as string[];
      if (!roles.includes(place.role)) roles.push(place.role);
      parties.set(id, party);
    }
  }
  if (parties.size === 0) return;

  release.parties = [...parties.values()];
  log.add(
    "parties-built",
    "/parties",
    `built ${parties.size} part${parties.size === 1 ? "y" : "ies"} from the organisations this ` +
      "OCDS 1.0 release names in buyer, tender and awards, because it has no parties list",
  );
}

/**
 * Dates the transactions of a contract that have no `date`, as OCDS 1.0 allowed: each gets the
 * release date, which is when the publisher reported the payment, else the contract's signing
 * date. One warning per contract lists the transactions dated so.
 */
export function dateUndatedTransactions(
  release: JsonObject,
  contract: JsonObject,
  contractPointer: string,
  log: RepairLog,
): void {
  const date = textOf(release.date) ?? textOf(contract.dateSigned);
  const basePointer = `${contractPointer}/implementation/transactions`;
  const dated: number[] = [];
  for (const [index, transaction] of objectEntries(
    asObject(contract.implementation)?.transactions,
  )) {
    if (transaction.date !== undefined || date === undefined) continue;
    transaction.date = date;
    dated.push(index);
  }
  if (dated.length === 0) return;

  const source = textOf(release.date) ? "release date" : "contract's signing date";
  log.add(
    "transaction-date-assumed",
    childPointer(basePointer, dated[0] ?? 0),
    `dated ${dated.length} transaction(s) without a date by the ${source} ${quote(date)}: ` +
      dated.map((index) => childPointer(basePointer, index)).join(", "),
  );
}

/**
 * Warns about each physical-progress milestone ("Avance Fisico …") whose description is not a
 * percentage such as "45.50%", because its progress cannot be read.
 */
export function checkProgressMilestones(
  contract: JsonObject,
  contractPointer: string,
  log: RepairLog,
): void {
  const milestones = objectEntries(asObject(contract.implementation)?.milestones);
  for (const [index, milestone] of milestones) {
    const title = textOf(milestone.title) ?? "";
    if (!PHYSICAL_PROGRESS_TITLE.test(title)) continue;
    const description = milestone.description;
    if (typeof description === "string" && PERCENT_TEXT.test(description)) continue;
    log.add(
      "milestone-progress-unreadable",
      childPointer(`${contractPointer}/implementation/milestones`, index) + "/description",
      `the progress milestone ${quote(title)} gives ${description === undefined ? "no description" : quote(description)} ` +
        'instead of a percentage such as "45.50%"; no progress is read from it',
    );
  }
}

/**
 * ISO 4217 codes of current currencies, as Node's ICU data lists them, plus the X codes
 * (precious metals, funds, "XXX" for no currency) that ICU leaves out.
 * NOTE: ICU does not list withdrawn codes such as "ADP", which the OC4IDS currency codelist
 * still accepts, so a value in a withdrawn currency loses its code with a warning.
 */
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code) || /^X[A-Z]{2}$/.test(code);
}

/**
 * Removes each `currency` of a Value that is not an ISO 4217 code (GACM writes "MNX" once for
 * "MXN"), with one warning each, so that the exported OC4IDS data stays valid. The code is not
 * corrected, because which currency was meant is a guess.
 */
export function removeUnknownCurrencies(value: unknown, pointer: string, log: RepairLog): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      removeUnknownCurrencies(item, childPointer(pointer, index), log),
    );
    return;
  }
  const object = asObject(value);
  if (!object) return;

  const currency = object.currency;
  if (typeof currency === "string" && "amount" in object && !isKnownCurrency(currency)) {
    log.add(
      "invalid-code-removed",
      `${pointer}/currency`,
      `removed the currency ${quote(currency)}, which is not an ISO 4217 code`,
    );
    delete object.currency;
  }
  for (const [key, child] of Object.entries(object)) {
    if (typeof child === "object" && child !== null) {
      removeUnknownCurrencies(child, childPointer(pointer, key), log);
    }
  }
}

/**
 * Gives each transaction value of a contract that has an amount but no currency the currency of
 * the contract's value, with one warning per contract. GACM's 298 payments give only an amount.
 * Without a currency they could be neither shown nor added up.
 */
export function assumeTransactionCurrency(
  contract: JsonObject,
  contractPointer: string,
  log: RepairLog,
): void {
  const currency = textOf(asObject(contract.value)?.currency);
  if (currency === undefined) return;
  const basePointer = `${contractPointer}/implementation/transactions`;
  const assumed: number[] = [];
  for (const [index, transaction] of objectEntries(
    asObject(contract.implementation)?.transactions,
  )) {
    const value = asObject(transaction.value);
    if (!value || value.amount === undefined || value.currency !== undefined) continue;
    value.currency = currency;
    assumed.push(index);
  }
  if (assumed.length === 0) return;

  log.add(
    "transaction-currency-assumed",
    childPointer(basePointer, assumed[0] ?? 0) + "/value/currency",
    `gave ${assumed.length} transaction value(s) without a currency the contract's currency ` +
      `${quote(currency)}: ` +
      assumed.map((index) => childPointer(basePointer, index)).join(", "),
  );
}
