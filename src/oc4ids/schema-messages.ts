import type { ErrorObject } from "ajv-draft-04";

/** Readable names of the formats the OC4IDS and OCDS schemas use. */
const FORMAT_NAMES: Record<string, string> = {
  "date-time": "date-time: RFC 3339 with a time zone, such as 2024-05-31T00:00:00Z",
  uri: "URI: absolute, with spaces and non-ASCII characters percent-encoded",
  email: "email address",
};

/**
 * Turns one Ajv error into a JSON pointer to the offending value and a sentence saying what is
 * wrong with it; enum errors list the allowed values.
 */
export function describeSchemaError(error: ErrorObject): { pointer: string; message: string } {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const value: unknown = error.data;

  switch (error.keyword) {
    case "required":
      return {
        pointer: `${pointer}/${escapeToken(String(params.missingProperty))}`,
        message: `the required field "${String(params.missingProperty)}" is missing`,
      };
    case "additionalProperties":
      return {
        pointer: `${pointer}/${escapeToken(String(params.additionalProperty))}`,
        message: `"${String(params.additionalProperty)}" is not a field the schema allows here`,
      };
    case "uniqueItems": {
      const later = Math.max(Number(params.i), Number(params.j));
      const earlier = Math.min(Number(params.i), Number(params.j));
      return {
        pointer: `${pointer}/${later}`,
        message: `this entry is identical to entry ${earlier}; the entries must be unique`,
      };
    }
    default:
      return { pointer, message: describeValueError(error, params, value) };
  }
}

function describeValueError(
  error: ErrorObject,
  params: Record<string, unknown>,
  value: unknown,
): string {
  switch (error.keyword) {
    case "type":
      return `must be ${withArticle(String(params.type))}, but is ${withArticle(jsonType(value))}`;
    case "enum": {
      const allowed = (params.allowedValues as unknown[] | undefined) ?? [];
      return `${show(value)} is not an allowed value; allowed values are ${allowed.map(show).join(", ")}`;
    }
    case "format": {
      const format = String(params.format);
      return `${show(value)} is not a valid ${FORMAT_NAMES[format] ?? format}`;
    }
    case "minLength":
      return params.limit === 1
        ? "must not be an empty string"
        : `must be at least ${String(params.limit)} characters long`;
    case "minItems":
      return params.limit === 1
        ? "must not be an empty array"
        : `must have at least ${String(params.limit)} entries`;
    case "minProperties":
      return params.limit === 1
        ? "must not be an empty object"
        : `must have at least ${String(params.limit)} fields`;
    case "pattern":
      return `${show(value)} does not match the pattern ${String(params.pattern)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${show(value)} must be ${String(params.comparison)} ${String(params.limit)}`;
    case "oneOf":
    case "anyOf":
      return "does not match any of the forms the schema allows for this field";
    default:
      return error.message ?? `fails the schema rule "${error.keyword}"`;
  }
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function withArticle(types: string): string {
  return types
    .split(",")
    .map((type) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`))
    .join(" or ");
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
