import type { ImportWarning, InputLocation, JsonObject, PublisherInfo } from "../import/types.js";
import { textAt } from "../projects/store-values.js";

/**
 * An ocid that starts with a prefix registered with the Open Contracting Partnership:
 * "ocds-" and six letters or digits, as in "ocds-7wj9x5-SINL-CPE-018-2017001".
 */
const REGISTERED_PREFIX = /^ocds-[a-z0-9]{6}-/i;

/** Returns whether the ocid has a registered prefix, which makes it unique across publishers. */
export function hasRegisteredPrefix(ocid: string): boolean {
  return REGISTERED_PREFIX.test(ocid);
}

/**
 * Returns the name that scopes a publisher's ocids: the import's `--publisher` option, else the
 * package publisher's name, else its uid, else "unknown". For bare OCDS 1.0 releases the
 * package publisher is the non-standard `packageInfo.publisher` of each release. The name comes
 * before the uid because GACM's uid changes with the kind of procurement ("AS", "Adquisici?n
 * de bienes y servicios") while its name stays "GACM".
 */
export function ocidScopeOf(
  packagePublisher: PublisherInfo | undefined,
  option: string | undefined,
): string {
  if (option?.trim()) return option.trim();
  return packagePublisher?.name?.trim() || packagePublisher?.uid?.trim() || "unknown";
}

/**
 * Returns the key an ocid is stored under. An ocid with a registered prefix is its own key.
 * Any other ocid (GACM publishes "10") is unique only within its publisher, so it is stored as
 * "<publisher>:<ocid>". The publisher is lower-cased, and each run of characters other than
 * letters and digits becomes one "-". Two publishers' "10" then never merge.
 */
export function ocidKey(ocid: string, scope: string): string {
  if (hasRegisteredPrefix(ocid)) return ocid;
  const publisher =
    scope
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-|-$/g, "") || "unknown";
  return `${publisher}:${ocid}`;
}

/**
 * Returns the key to store an item's ocid under, and adds one "ocid-without-prefix" warning to
 * `warnings` the first time an import meets an ocid without a registered prefix. Returns
 * undefined when the item has no ocid, so that the store reports it missing.
 */
export function keyForItem(
  item: JsonObject,
  packagePublisher: PublisherInfo | undefined,
  option: string | undefined,
  warnings: ImportWarning[],
  location: InputLocation,
): string | undefined {
  const ocid = textAt(item.ocid);
  if (ocid === null) return undefined;
  if (hasRegisteredPrefix(ocid)) return ocid;

  const key = ocidKey(ocid, ocidScopeOf(packagePublisher, option));
  if (!warnings.some((warning) => warning.code === "ocid-without-prefix")) {
    warnings.push({
      ...location,
      ocid,
      pointer: "/ocid",
      code: "ocid-without-prefix",
      message:
        `ocid "${ocid}" has no registered prefix (ocds-xxxxxx-), so it is unique only within ` +
        `its publisher; it and every other such ocid of this import are stored as "${key}"` +
        " and alike, scoped by publisher",
    });
  }
  return key;
}
