/**
 * Which contact details of a party are public. Officials' names and office contacts are
 * public, so a party acting for the public sector keeps its whole contact point. A supplier,
 * tenderer or payee is often a private person (a sole trader, a consultant), so its contact
 * point keeps only a web address: names, e-mail addresses and telephone numbers stay private.
 */

/** OC4IDS party roles of organisations that act for the public sector. */
export const PUBLIC_SECTOR_ROLES: ReadonlySet<string> = new Set([
  "publicAuthority",
  "buyer",
  "procuringEntity",
  "administrativeEntity",
  "reviewBody",
  "payer",
  "funder",
]);

/** Returns true when one of the roles makes the party's contact point public. */
export function hasPublicContact(roles: readonly string[]): boolean {
  return roles.some((role) => PUBLIC_SECTOR_ROLES.has(role));
}

/**
 * Returns the part of a contact point that may be published for a party with these roles:
 * all of it for a public-sector party, only its `url` otherwise, or undefined when nothing is left.
 */
export function publicContactPoint(
  roles: readonly string[],
  contactPoint: unknown,
): Record<string, unknown> | undefined {
  if (typeof contactPoint !== "object" || contactPoint === null || Array.isArray(contactPoint)) {
    return undefined;
  }
  if (hasPublicContact(roles)) return contactPoint as Record<string, unknown>;
  const { url } = contactPoint as Record<string, unknown>;
  return typeof url === "string" && url.trim() !== "" ? { url } : undefined;
}
