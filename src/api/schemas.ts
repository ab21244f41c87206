/**
 * Schemas shared by the API routes: path parameters, the error body and OC4IDS documents.
 */
import { z } from "@hono/zod-openapi";

/** Body of every error response, as rendered by the application's error handler. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string(),
      problems: z.array(
        z.object({
          path: z.string().openapi({ description: "Field path or JSON pointer of the bad value." }),
          message: z.string(),
        }),
      ),
      correlationId: z.string().optional(),
    }),
  })
  .openapi("Error");

/** Error responses that every route may return, for the OpenAPI document. */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: errorSchema } } };
}

/** Builds the schema of the `{id}` path parameter, such as a project or organisation id. */
export function idParameter(description: string) {
  return z.object({
    id: z
      .string()
      .min(1, { error: "must not be empty" })
      .max(500, { error: "must be at most 500 characters" })
      .openapi({ param: { name: "id", in: "path" }, description }),
  });
}

const OC4IDS_SCHEMA_URL =
  "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json";
const OC4IDS_PACKAGE_SCHEMA_URL =
  "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-package-schema.json";

/** An OC4IDS 0.9.5 project, whose fields the official schema defines. */
export const oc4idsProjectSchema = z.record(z.string(), z.unknown()).openapi("Oc4idsProject", {
  description: `An OC4IDS 0.9.5 project, valid against ${OC4IDS_SCHEMA_URL}.`,
  externalDocs: { url: OC4IDS_SCHEMA_URL },
});

/** An OC4IDS 0.9.5 project package. */
export const oc4idsPackageSchema = z
  .record(z.string(), z.unknown())
  .openapi("Oc4idsProjectPackage", {
    description: `An OC4IDS 0.9.5 project package with every public project, valid against ${OC4IDS_PACKAGE_SCHEMA_URL}.`,
    externalDocs: { url: OC4IDS_PACKAGE_SCHEMA_URL },
  });
