import { en, type Codelist, type Messages } from "./en.js";
import { es } from "./es.js";
import { ko } from "./ko.js";

export type { Codelist, Messages } from "./en.js";

/** Languages the portal has labels for, in the order the language switch lists them. */
export const LANGUAGES = ["en", "es", "ko"] as const;

/** A language the portal has labels for. */
export type Language = (typeof LANGUAGES)[number];

/** Each language's own name, for the language switch. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  es: "Español",
  ko: "한국어",
};

const DICTIONARIES: Record<Language, Messages> = { en, es, ko };

/** Checks whether `value` is a language the portal has labels for. */
export function isLanguage(value: string | undefined): value is Language {
  return value !== undefined && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks the best supported language from an Accept-Language header (RFC 9110 §12.5.4):
 * ranges are weighed by their `q` value, and a range matches on its primary subtag, so
 * "es-MX" selects Spanish. Returns undefined when nothing matches.
 */
export function negotiateLanguage(acceptLanguage: string | undefined): Language | undefined {
  if (!acceptLanguage) return undefined;

  const ranges = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const qualityParameter = parameters.find((parameter) => parameter.trim().startsWith("q="));
      const quality = qualityParameter ? Number(qualityParameter.trim().slice(2)) : 1;
      return {
        tag: tag.trim().toLowerCase(),
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((range) => range.tag !== "" && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);

  for (const range of ranges) {
    const primary = range.tag.split("-")[0];
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

/** A language's labels plus helpers that fill templates and translate codes. */
export interface Translator {
  language: Language;
  messages: Messages;
  /** Returns the label of `key` with `{name}` placeholders replaced by `values`. */
  text(key: TextKey, values?: Record<string, string | number>): string;
  /** Returns the translated label of a codelist code, or a readable form of an unknown code. */
  code(codelist: Codelist, code: string | null | undefined): string;
}

/** Keys of labels that are plain text, as opposed to the codelist tables. */
export type TextKey = {
  [K in keyof Messages]: Messages[K] extends string ? K : never;
}[keyof Messages];

/** Builds the translator of one language. */
export function createTranslator(language: Language): Translator {
  const messages = DICTIONARIES[language];
  return {
    language,
    messages,
    text: (key, values) => fillTemplate(messages[key], values),
    code(codelist, code) {
      if (!code) return messages.notStated;
      const labels: Record<string, string> = messages.codes[codelist];
      return labels[code] ?? humaniseCode(code);
    },
  };
}

/** Replaces each `{name}` in `template` with `values[name]`; unknown names stay as written. */
export function fillTemplate(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in values ? String(values[name]) : placeholder,
  );
}

/**
 * Turns a camelCase or dotted code into words ("technicalAuditReport" → "Technical audit
 * report"), for codes the dictionaries have no label for.
 */
export function humaniseCode(code: string): string {
  const words = code
    .replace(/[._-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
