/**
 * Converts an EXIF wall-clock time to an instant. `zone` is an offset such as "+09:00" (EXIF
 * OffsetTimeOriginal) or an IANA time zone name. For a name, the zone's offset at that moment
 * is found with Intl. NOTE: a wall time inside a daylight-saving gap or overlap resolves to
 * one of its candidate instants without warning.
 */
export function wallTimeToUtc(wallTime: string, zone: string): Date {
  const asUtc = Date.parse(`${wallTime}Z`);
  const offset = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  if (offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === "-" ? -1 : 1);
    return new Date(asUtc - minutes * 60_000);
  }
  const first = asUtc - zoneOffsetMs(asUtc, zone);
  return new Date(asUtc - zoneOffsetMs(first, zone));
}

/** Returns how far `zone`'s wall clock is ahead of UTC at the instant `epochMs`. */
function zoneOffsetMs(epochMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(epochMs));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    value("year"),
    value("month") - 1,
    value("day"),
    value("hour"),
    value("minute"),
    value("second"),
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}
