/**
 * The record history route: every stored version of a public project with what changed.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppDependencies } from "../http/app.js";
import { errors } from "../http/errors.js";
import {
  DEFAULT_CHANGE_LIMIT,
  loadVersionHistory,
  type VersionHistoryEntry,
} from "../projects/version-history.js";
import { errorResponse, idParameter } from "./schemas.js";

const versionChangeSchema = z
  .object({
    pointer: z.string().openapi({
      description: "JSON pointer (RFC 6901) of the changed value in the OC4IDS project.",
      example: "/budget/amount/amount",
    }),
    before: z.unknown().optional().openapi({
      description: "The value in the previous version; absent when the value was added.",
    }),
    after: z.unknown().optional().openapi({
      description: "The value in this version; absent when the value was removed.",
    }),
  })
  .openapi("VersionChange");

const projectVersionSchema = z
  .object({
    version: z.number().int().openapi({ description: "Version number, from 1 for the oldest." }),
    recordedAt: z.string().openapi({ format: "date-time" }),
    updated: z.string().nullable().openapi({
      description: "The OC4IDS `updated` date of this version, as the publisher wrote it.",
    }),
    source: z.string().nullable().openapi({
      description: "File name or URL of the import that recorded this version.",
    }),
    publisher: z.string().nullable(),
    isFirst: z.boolean().openapi({
      description: "True for the oldest version, which has no previous version to compare with.",
    }),
    changeCount: z.number().int().openapi({
      description: "Number of changes since the previous version, including those not listed.",
    }),
    truncated: z.boolean().openapi({
      description: `True when more than ${DEFAULT_CHANGE_LIMIT} changes were found and only the first ${DEFAULT_CHANGE_LIMIT} are listed.`,
    }),
    changes: z.array(versionChangeSchema),
  })
  .openapi("ProjectVersion");

const projectHistorySchema = z
  .object({
    id: z.string(),
    versionCount: z.number().int(),
    versions: z.array(projectVersionSchema).openapi({ description: "Newest version first." }),
  })
  .openapi("ProjectHistory");

const getProjectHistory = createRoute({
  method: "get",
  path: "/projects/{id}/history",
  summary: "List the versions of a public project and what changed in each",
  tags: ["Projects"],
  request: { params: idParameter("OC4IDS project id, including its prefix.") },
  responses: {
    200: {
      description:
        "Every stored version, newest first, each with its changes against the previous version.",
      content: { "application/json": { schema: projectHistorySchema } },
    },
    404: errorResponse("No public project has this id."),
  },
});

function versionJson(entry: VersionHistoryEntry): z.infer<typeof projectVersionSchema> {
  return { ...entry, recordedAt: entry.recordedAt.toISOString() };
}

/** Adds the record history route to `api`. */
export function addProjectHistoryRoute(api: OpenAPIHono, dependencies: AppDependencies): void {
  api.openapi(getProjectHistory, async (context) => {
    const { id } = context.req.valid("param");
    const history = await loadVersionHistory(dependencies.database.db, id);
    if (!history) throw errors.notFound(`Project ${JSON.stringify(id)}`);
    return context.json({ id, ...history, versions: history.versions.map(versionJson) }, 200);
  });
}
