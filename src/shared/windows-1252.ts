/**
 * Windows-1252 characters of the bytes 0x80–0x9F, where the encoding differs from ISO-8859-1.
 * The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are absent.
 *
 * NOTE: Node 20's TextDecoder("windows-1252") decodes these bytes as ISO-8859-1 does, into
 * C1 control characters (checked on v20.20). So "–" (0x96) comes out as U+0096, and
 * `fixWindows1252Text` corrects that output.
 */
const HIGH_CHARACTERS: Readonly<Record<number, string>> = {
  0x80: "€",
  0x82: "‚",
  0x83: "ƒ",
  0x84: "„",
  0x85: "…",
  0x86: "†",
  0x87: "‡",
  0x88: "ˆ",
  0x89: "‰",
  0x8a: "Š",
  0x8b: "‹",
  0x8c: "Œ",
  0x8e: "Ž",
  0x91: "‘",
  0x92: "’",
  0x93: "“",
  0x94: "”",
  0x95: "•",
  0x96: "–",
  0x97: "—",
  0x98: "˜",
  0x99: "™",
  0x9a: "š",
  0x9b: "›",
  0x9c: "œ",
  0x9e: "ž",
  0x9f: "Ÿ",
};

/** Returns the character of a Windows-1252 byte of 0x80–0xFF, or undefined for the five gaps. */
export function windows1252Character(byte: number): string | undefined {
  if (byte >= 0xa0 && byte <= 0xff) return String.fromCharCode(byte);
  return HIGH_CHARACTERS[byte];
}

/** Map from each character of 0x80–0xFF to its Windows-1252 byte. */
export const WINDOWS_1252_BYTES: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 0x80 }, (_, offset) => 0x80 + offset).flatMap((byte) => {
    const character = windows1252Character(byte);
    return character === undefined ? [] : [[character, byte] as const];
  }),
);

/**
 * Replaces the C1 control characters of a TextDecoder("windows-1252") output with the
 * Windows-1252 characters of those bytes. The five undefined bytes stay, so the caller can count them.
 */
export function fixWindows1252Text(text: string): string {
  return text.replace(
    /[\u0080-\u009f]/g,
    (control) => windows1252Character(control.charCodeAt(0)) ?? control,
  );
}
