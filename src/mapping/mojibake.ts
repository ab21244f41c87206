/**
 * Repairs text that was encoded as UTF-8 and then decoded as Windows-1252 somewhere before
 * publication. Two forms occur in Buenos Aires' published text:
 *
 * - the classic one, where each byte of a UTF-8 sequence became one Windows-1252 character:
 *   "â€“" for "–", "Â°" for "°", "Ã³" for "ó";
 * - a damaged one, where the two bytes of an accented letter (0xC3 then 0x80–0xBF) came out
 *   as "í" followed by the Windows-1252 character of the second byte: "Secretarí­a" (with a
 *   soft hyphen) for "Secretaría", "desagí¼es" for "desagües".
 *
 * NOTE: the repair is opt-in per mapping. Correct Spanish text does not contain these pairs, but
 * other languages may ("Ã" followed by a symbol, "í" followed by an inverted mark).
 */

import { WINDOWS_1252_BYTES } from "../shared/windows-1252.js";
export function repairMojibake(text: string): string {
  return repairAccentedI(repairUtf8ReadAsWindows1252(text));
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Returns how many continuation bytes follow `lead` in a UTF-8 sequence, or 0. */
function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return 0;
}

/**
 * Rewrites each run of Windows-1252 characters whose bytes form one UTF-8 sequence of a
 * printable character. "â€" alone becomes a right double quote (0xE2 0x80 0x9D), because
 * Windows-1252 has no character for 0x9D and the CSV reader drops that byte.
 */
function repairUtf8ReadAsWindows1252(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  const characters = [...text];
  let result = "";
  let index = 0;
  while (index < characters.length) {
    const character = characters[index] ?? "";
    const lead = WINDOWS_1252_BYTES.get(character);
    const count = lead === undefined ? 0 : continuationCount(lead);
    if (lead !== undefined && count > 0) {
      const bytes = [lead];
      for (let next = 1; next <= count; next += 1) {
        const byte = WINDOWS_1252_BYTES.get(characters[index + next] ?? "");
        if (byte === undefined || byte > 0xbf) break;
        bytes.push(byte);
      }
      const repaired = decodeSequence(bytes, count);
      if (repaired !== undefined) {
        result += repaired;
        index += bytes.length;
        continue;
      }
    }
    result += character;
    index += 1;
  }
  return result;
}

/** Decodes one UTF-8 sequence, or returns undefined when it is not one printable character. */
function decodeSequence(bytes: number[], continuations: number): string | undefined {
  if (bytes.length === continuations + 1) {
    try {
      const decoded = UTF8.decode(Uint8Array.from(bytes));
      return /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(decoded) ? decoded : undefined;
    } catch {
      return undefined;
    }
  }
  // "â€" without a third byte is a right double quote whose 0x9D byte the reader dropped.
  if (bytes.length === 2 && bytes[0] === 0xe2 && bytes[1] === 0x80) return "\u201d";
  return undefined;
}

/** Rewrites "í" followed by a character of U+00A1–U+00BF as the accented letter it replaced. */
function repairAccentedI(text: string): string {
  if (!text.includes("í")) return text;
  return text.replace(/í([\u00a1-\u00bf])/g, (_match, second: string) =>
    String.fromCharCode(0xc0 + (second.charCodeAt(0) - 0x80)),
  );
}
