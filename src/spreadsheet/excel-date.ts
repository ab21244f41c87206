/**
 * Excel's date serial numbers: days since an epoch, with the time of day as the fraction.
 */
import type { Parsed } from "./types.js";

const DAY_MS = 86_400_000;
/** Serial 60 is 1900-02-29 in the 1900 date system, a day that did not exist. */
const PHANTOM_LEAP_DAY = 60;
/** The largest serial Excel accepts, 9999-12-31. */
const MAX_SERIAL = 2_958_465;

/**
 * Converts an Excel serial to an ISO date "YYYY-MM-DD", or a date-time "YYYY-MM-DDTHH:MM:SS"
 * with `withTime`.
 *
 * In the 1900 system serial 1 is 1900-01-01, and Excel counts a 29 February 1900 (serial 60)
 * that never existed, kept from Lotus 1-2-3, so serials from 61 on are one day ahead of a plain
 * count. In the 1904 system (an option of Excel for Mac) serial 0 is 1904-01-01.
 */
export function excelSerialToIso(
  serial: number,
  options: { date1904?: boolean; withTime?: boolean } = {},
): Parsed<string> {
  if (!Number.isFinite(serial)) return { ok: false, reason: `${serial} is not a day number` };
  const days = Math.floor(serial);
  const minimum = options.date1904 ? 0 : 1;
  if (days < minimum || serial > MAX_SERIAL) {
    return { ok: false, reason: `day number ${serial} is outside ${minimum}..${MAX_SERIAL}` };
  }
  if (!options.date1904 && days === PHANTOM_LEAP_DAY) {
    return { ok: false, reason: "day number 60 is 1900-02-29, a day that did not exist" };
  }

  let epoch: number;
  if (options.date1904) epoch = Date.UTC(1904, 0, 1);
  else if (days < PHANTOM_LEAP_DAY) epoch = Date.UTC(1899, 11, 31);
  else epoch = Date.UTC(1899, 11, 30);

  if (!options.withTime) {
    return { ok: true, value: new Date(epoch + days * DAY_MS).toISOString().slice(0, 10) };
  }
  // Rounds to the nearest second, because cached times carry float noise (0.4999999999).
  const seconds = Math.round((serial - days) * 86_400);
  const instant = new Date(epoch + days * DAY_MS + seconds * 1000);
  return { ok: true, value: instant.toISOString().slice(0, 19) };
}

/** Formats the fraction of a serial as a time of day "HH:MM:SS"; whole days add 24 hours each. */
export function excelSerialToTime(serial: number): string {
  const totalSeconds = Math.round(serial * 86_400);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return [hours, minutes, seconds].map((part) => String(part).padStart(2, "0")).join(":");
}
