/** Largest file or download read by default: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** Longest wait for a URL to answer, or to send its next chunk, by default: 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Setting named in "too large" messages unless the caller names its own. */
export const DEFAULT_MAX_BYTES_SETTING = "--max-bytes";

/** Phrases a byte limit with the setting that raises it, for error messages. */
export function describeLimit(options: { maxBytes: number; maxBytesSetting: string }): string {
  return (
    `the limit of ${formatBytes(options.maxBytes)} (${options.maxBytes} bytes); ` +
    `raise it with ${options.maxBytesSetting} if the file is meant to be this large`
  );
}

/** Formats a byte count with a binary unit, e.g. "2 GiB" or "3.5 MiB". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${rounded} ${units[unit]}`;
}
