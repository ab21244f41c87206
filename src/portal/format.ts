import type { Language } from "../i18n/index.js";
import { formatMoney } from "../shared/money.js";

/** How the current page writes dates and amounts: its language and the jurisdiction's zone. */
export interface Formatter {
  language: Language;
  /** IANA time zone of the jurisdiction, "UTC" when the project has none. */
  timeZone: string;
  /** Formats a timestamp as a date in the time zone, or a "YYYY-MM-DD" date as it is. */
  date(value: Date | string | null | undefined): string;
  /** Formats a timestamp as date and time in the time zone. */
  dateTime(value: Date | null | undefined): string;
  /** Formats minor units in the page language; "" when the amount or currency is missing. */
  money(amount: number | null | undefined, currency: string | null | undefined): string;
  /** Formats a major-unit amount, as search results carry it. */
  majorMoney(amount: number, currency: string): string;
  /** Formats a percentage with at most one decimal. */
  percent(value: number): string;
}

/** Builds the formatter of one page. An unknown time zone name falls back to UTC. */
export function createFormatter(
  language: Language,
  timeZone: string | null | undefined,
): Formatter {
  const zone = timeZone && isKnownTimeZone(timeZone) ? timeZone : "UTC";
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeZone: zone });
  const calendarDateFormat = new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  const percentFormat = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });

  return {
    language,
    timeZone: zone,
    date(value) {
      if (value === null || value === undefined) return "";
      // A calendar date has no time of day, so shifting it into a time zone could change the day.
      if (typeof value === "string")
        return calendarDateFormat.format(new Date(`${value}T00:00:00Z`));
      return dateFormat.format(value);
    },
    dateTime: (value) => (value ? dateTimeFormat.format(value) : ""),
    money(amount, currency) {
      if (amount === null || amount === undefined || !currency) return "";
      return formatMoney(amount, currency, language);
    },
    majorMoney(amount, currency) {
      return new Intl.NumberFormat(language, {
        style: "currency",
        currency,
        minimumFractionDigits: 0,
      }).format(amount);
    },
    percent: (value) => `${percentFormat.format(value)} %`,
  };
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
