/**
 * Repairs a form of double decoding seen in Buenos Aires' published text: the two UTF-8 bytes
 * of an accented letter (0xC3 then 0x80–0xBF) came out as "í" followed by the Windows-1252
 * character of the second byte, so "Secretaría" reads "Secretarí­a" (with a soft hyphen) and
 * "desagües" reads "desagí¼es".
 *
 * NOTE: only "í" followed by a character of U+00A1–U+00BF is rewritten. A correct text never
 * puts an inverted mark, a symbol or a soft hyphen straight after "í" in Spanish, but other
 * languages may, so the repair is opt-in per mapping.
 */
export function repairMojibake(text: string): string {
  if (!text.includes("í")) return text;
  return text.replace(/í([\u00a1-\u00bf])/g, (_match, second: string) =>
    String.fromCharCode(0xc0 + (second.charCodeAt(0) - 0x80)),
  );
}
