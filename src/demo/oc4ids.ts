import { endDateTime, startDateTime } from "./dates.js";
import type { BilingualName } from "./seoul.js";

/** Currency of every demo amount; KRW has no minor unit, so amounts are whole won. */
export const CURRENCY = "KRW";

/** Builds an OC4IDS Value in won. */
export function money(amount: number): { amount: number; currency: string } {
  return { amount, currency: CURRENCY };
}

/** Builds an OC4IDS Period from its first to its last day, both included. */
export function period(start: number, end: number): Record<string, string | number> {
  return {
    startDate: startDateTime(start),
    endDate: endDateTime(end),
    durationInDays: end - start + 1,
  };
}

/** Formats a bilingual text as "Korean / English", the demo's form for every title and name. */
export function bilingual(text: BilingualName): string {
  return `${text.ko} / ${text.en}`;
}

/** Builds an OC4IDS OrganizationReference to a demo organisation. */
export function reference(organisation: { id: string; name: BilingualName }): {
  id: string;
  name: string;
} {
  return { id: organisation.id, name: bilingual(organisation.name) };
}
