import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Returns a new random secret of 32 bytes as base64url text. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Returns the SHA-256 of a secret as hex, the form in which session ids and tokens are stored. */
export function secretSha256(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Compares two secrets in time that does not depend on where they differ. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
