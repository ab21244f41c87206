import type { ImportProblem, InputLocation, JsonObject } from "../import/types.js";

/** Maximum title length accepted, in characters. Real titles run to a few hundred. */
export const MAX_TITLE_LENGTH = 2_000;

/** Maximum length of any other text field accepted, in characters. */
export const MAX_TEXT_LENGTH = 100_000;

/**
 * Reports titles and other strings too long to be real data, and strings with a NUL character. The schema sets no length limits,
 * but every public page shows the title, so one runaway value would make pages megabytes large.
 */
export function checkTextLengths(project: JsonObject, location: InputLocation): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (typeof value === "string") {
      // PostgreSQL text cannot hold the NUL character, so the store would fail on it.
      if (value.includes("\u0000")) {
        problems.push({
          ...location,
          pointer,
          code: "nul-character",
          message: "the text contains a NUL character (\\u0000), which cannot be stored",
        });
      }
      const limit = pointer === "/title" ? MAX_TITLE_LENGTH : MAX_TEXT_LENGTH;
      if (value.length > limit) {
        problems.push({
          ...location,
          pointer,
          code: "text-too-long",
          message: `the text has ${value.length} characters; at most ${limit} are accepted here`,
        });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${pointer}/${index}`));
    } else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        visit(child, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      }
    }
  };
  visit(project, "");
  return problems;
}
