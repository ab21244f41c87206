/**
 * The upload of a card-reader export as daily attendance: a multipart form with the file and
 * the names of its columns, paired into days worked per worker (see
 * `src/claims/attendance-import.ts`).
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import {
  importUploadedTaps,
  MAX_TAP_FILE_BYTES,
  readTapForm,
} from "../claims/attendance-upload.js";
import { claimTables } from "../claims/tables.js";
import { AppError } from "../http/errors.js";
import { payeeActorOf } from "./payee-actor.js";
import { errorResponse } from "./schemas.js";

const formSchema = z.object({
  file: z
    .custom<File>((value) => value instanceof File, { error: "is missing" })
    .openapi({ type: "string", format: "binary" }),
  dryRun: z.string().optional().openapi({ description: "true to read and pair without storing" }),
  cardColumn: z.string().optional().openapi({ description: "header of the card column; card" }),
  timeColumn: z.string().optional().openapi({ description: "header of the time column; time" }),
  directionColumn: z
    .string()
    .optional()
    .openapi({ description: "header of the in/out column; direction" }),
  readerColumn: z
    .string()
    .optional()
    .openapi({ description: "header of the reader or gate column; reader" }),
  entryReaders: z.string().optional().openapi({ description: "comma-separated entry readers" }),
  exitReaders: z.string().optional().openapi({ description: "comma-separated exit readers" }),
  encoding: z.string().optional().openapi({ description: "utf-8, windows-1252, euc-kr ..." }),
  delimiter: z.string().optional().openapi({ description: ", ; | or tab" }),
});

const reportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    taps: z.number().int(),
    days: z.array(
      z.object({
        reference: z.string(),
        date: z.string(),
        timeIn: z.string(),
        timeOut: z.string(),
        minutes: z.number().int(),
      }),
    ),
    recorded: z.number().int(),
    problems: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  })
  .openapi("CardTapImportReport");

const projectParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

/** Adds the card-reader import route to `api`, which must already authenticate /workspace/*. */
export function addWorkspaceAttendanceImportRoutes(
  api: OpenAPIHono<WorkspaceEnv>,
  accounts: AccountServices,
  maxBytes = MAX_TAP_FILE_BYTES,
): void {
  const db = claimTables(accounts.db);
  api.post(
    "/workspace/projects/:id/attendance/import",
    bodyLimit({
      // Room for the multipart headers and the text fields around the file.
      maxSize: maxBytes + 64 * 1024,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          413,
          `The file is larger than the limit of ${maxBytes} bytes.`,
          [{ path: "file", message: `larger than the limit of ${maxBytes} bytes` }],
        );
      },
    }),
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/attendance/import",
      summary: "Import daily attendance from a card-reader export",
      description:
        "A CSV or XLSX file with one row per tap: the card (the worker's reference), the " +
        "site-local time (YYYY-MM-DD HH:MM[:SS]) and either the direction (in/out, entry/exit) " +
        "or the reader, with the entry and exit readers named. Columns are found by header " +
        "name, ignoring case; name them when they differ from card, time, direction and " +
        "reader. Taps are paired per worker and day; unknown cards, a subcontractor's taps " +
        "of other organisations' workers, taps outside the contract period or in the " +
        "future, unpaired and duplicate taps are reported by row and left out. " +
        "With dryRun=true nothing is stored. A file that cannot be read stores nothing. " +
        "Allowed for the prime contractor and subcontractors of the project.",
      security: [{ bearerAuth: [] }],
      tags: ["Workspace: direct payment"],
      middleware: [requirePermission(accounts, "worker.register", projectIdOf)],
      request: {
        params: projectParam,
        body: { content: { "multipart/form-data": { schema: formSchema } }, required: true },
      },
      responses: {
        200: {
          description: "The days found, what was recorded and each row's problem.",
          content: { "application/json": { schema: reportSchema } },
        },
        400: errorResponse("The file is missing or unreadable, or a column option does not fit."),
        401: errorResponse("No valid token or session."),
        403: errorResponse("The caller's roles do not allow this."),
        409: errorResponse("The project is not registered in the workspace."),
        413: errorResponse("The file is larger than the limit."),
      },
    }),
    async (context) => {
      const { id } = context.req.valid("param");
      const { file, options } = readTapForm(await context.req.parseBody());
      const acting = payeeActorOf(context);
      const today = accounts.clock().toISOString().slice(0, 10);
      const report = await importUploadedTaps(
        db,
        id,
        file,
        { ...options, acting, today },
        maxBytes,
      );
      return context.json(report, 200);
    },
  );
}
