import { currencyExponent, fromMinorUnits, toMinorUnits } from "../shared/money.js";
import { childPointer, type RepairLog } from "./repair-log.js";

/**
 * Warns about each OC4IDS Value (`{ amount, currency }`) whose amount has more decimals than
 * the currency's minor unit, because amounts are stored in minor units and so get rounded:
 * 123.456 MXN is stored as 123.46.
 */
export function warnAboutRoundedAmounts(value: unknown, pointer: string, log: RepairLog): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      warnAboutRoundedAmounts(item, childPointer(pointer, index), log),
    );
    return;
  }
  if (typeof value !== "object" || value === null) return;

  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (typeof amount === "number" && typeof currency === "string" && Number.isFinite(amount)) {
    try {
      const stored = fromMinorUnits(toMinorUnits(amount, currency), currency);
      if (stored !== amount) {
        log.add(
          "amount-rounded",
          `${pointer}/amount`,
          `${amount} ${currency} has more decimals than ${currency}'s minor unit ` +
            `(${currencyExponent(currency)}); it is stored as ${stored}`,
        );
      }
    } catch {
      // Amounts too large to store are reported when the project is stored.
    }
  }
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === "object" && child !== null) {
      warnAboutRoundedAmounts(child, childPointer(pointer, key), log);
    }
  }
}
