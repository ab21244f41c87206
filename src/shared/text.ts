/**
 * Folds text for accent- and case-insensitive search: "Construcción" and "CONSTRUCCION" both
 * become "construccion".
 *
 * Decomposes to NFD, drops combining marks, then recomposes (NFC) so that Hangul syllables,
 * which NFD splits into jamo, come back whole. Whitespace runs become one space.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Escapes `%`, `_` and `\` so that user input matches literally inside a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
