/**
 * Spreadsheet import routes: upload a file, preview a mapping on it, save mappings by name and
 * run an import. Administrators only (`import.manage`), like the pages under /workspace/imports.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { recordAudit } from "../accounts/audit.js";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requirePermission,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import type { AppDependencies } from "../http/app.js";
import { AppError, errors } from "../http/errors.js";
import { MappingError } from "../mapping/load.js";
import { getMapping, listMappings, saveMapping } from "../mapping/saved.js";
import { editorState, runUploadImport, SAMPLE_ROWS } from "../mapping-editor/service.js";
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  getUpload,
  readUploadSample,
  saveUpload,
} from "../mapping-editor/uploads.js";
import { validationHook } from "./problems.js";
import { errorResponse } from "./schemas.js";

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: imports"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller is not an administrator."),
};

const uploadId = z
  .string({ error: "is missing" })
  .regex(/^[0-9a-f]{64}$/, "expected the 64 hex characters returned by the upload")
  .openapi({ description: "SHA-256 of the uploaded file, as returned by the upload." });

const mappingDocument = z
  .record(z.string(), z.unknown(), { error: "expected a mapping object" })
  .openapi({ description: "A mapping as in a mapping file (docs/importing.md)." });

const uploadResponse = z
  .object({
    uploadId: z.string(),
    fileName: z.string(),
    bytes: z.number().int(),
    columns: z.array(z.string()),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
  })
  .openapi("SheetUpload");

const previewResponse = z
  .object({
    problems: z.array(z.object({ path: z.string(), message: z.string() })),
    columns: z.array(z.object({ name: z.string(), samples: z.array(z.string()) })),
    rows: z.array(
      z.object({
        row: z.number().int(),
        projectId: z.string().optional(),
        skipped: z.boolean(),
        project: z.record(z.string(), z.unknown()).optional(),
        issues: z.array(
          z.object({
            code: z.string(),
            row: z.number().int(),
            column: z.string(),
            value: z.string(),
            message: z.string(),
            action: z.string(),
          }),
        ),
      }),
    ),
  })
  .openapi("MappingPreview");

const savedResponse = z
  .object({
    name: z.string(),
    sourceKey: z.string(),
    mapping: z.record(z.string(), z.unknown()),
    updatedAt: z.string(),
  })
  .openapi("SavedMapping");

const runResponse = z
  .object({
    importId: z.number().int().nullable(),
    status: z.enum(["succeeded", "failed"]),
    dryRun: z.boolean(),
    rowsRead: z.number().int(),
    rowsSkipped: z.number().int(),
    counts: z.record(z.string(), z.number()),
    issueCounts: z.record(z.string(), z.number()),
    problems: z.array(z.object({ code: z.string(), message: z.string() })),
    projectIds: z.array(z.string()),
  })
  .openapi("SheetImportResult");

/**
 * Builds the import routes under /workspace/imports. They authenticate on their own, so they
 * can be mounted beside the other workspace routes.
 */
export function createWorkspaceImportsApi(
  dependencies: AppDependencies,
  accounts: AccountServices,
  maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES,
): OpenAPIHono<WorkspaceEnv> {
  const api = new OpenAPIHono<WorkspaceEnv>({
    defaultHook: validationHook,
  });
  const { database, config } = dependencies;
  const allowed = requirePermission(accounts, "import.manage");
  api.use("/workspace/imports/*", authenticate(accounts), requireSignIn, allowed);
  api.post(
    "/workspace/imports/uploads",
    bodyLimit({
      maxSize: maxUploadBytes + 64 * 1024,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          413,
          `The file is larger than the limit of ${maxUploadBytes} bytes.`,
          [{ path: "file", message: `larger than the limit of ${maxUploadBytes} bytes` }],
        );
      },
    }),
  );
  api.use("/workspace/imports/*", requireCsrf);

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/imports/uploads",
      summary: "Upload a CSV or XLSX file to import",
      description:
        "Keeps the file until an import of it succeeds. Returns its id and header; a file that is empty, too large or unreadable is rejected and not kept.",
      ...secured,
      request: {
        body: {
          content: {
            "multipart/form-data": {
              schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: {
          description: "The stored file.",
          content: { "application/json": { schema: uploadResponse } },
        },
        400: errorResponse("The file is missing, empty, of another type or unreadable."),
        413: errorResponse("The file is larger than the limit."),
        ...denied,
      },
    }),
    async (context) => {
      const body = await context.req.parseBody();
      const file = body.file;
      if (!(file instanceof File)) {
        throw errors.invalidInput([{ path: "file", message: "is missing" }]);
      }
      const { upload, sample } = await saveUpload(
        config.dataDir,
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        maxUploadBytes,
      );
      return context.json(
        {
          uploadId: upload.id,
          fileName: upload.fileName,
          bytes: upload.bytes,
          columns: sample.columns,
          encoding: sample.encoding?.name ?? null,
          delimiter: sample.delimiter ?? null,
        },
        201,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/imports/preview",
      summary: "Preview a mapping on the first rows of an uploaded file",
      description: `Reads up to ${SAMPLE_ROWS} rows and maps the first 10. Stores nothing. Problems of the mapping (field path and reason) and columns the file lacks are listed in problems; the rows are empty then.`,
      ...secured,
      request: {
        body: {
          content: {
            "application/json": { schema: z.object({ uploadId, mapping: mappingDocument }) },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The preview.",
          content: { "application/json": { schema: previewResponse } },
        },
        400: errorResponse("A parameter is invalid."),
        404: errorResponse("No uploaded file has this id."),
        ...denied,
      },
    }),
    async (context) => {
      const body = context.req.valid("json");
      const upload = await getUpload(config.dataDir, body.uploadId);
      const state = await editorState(upload, body.mapping);
      const rows = state.problems.length === 0 ? (state.preview?.rows ?? []) : [];
      return context.json({ problems: state.problems, columns: state.columns, rows }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/imports/mappings",
      summary: "List saved mappings",
      ...secured,
      responses: {
        200: {
          description: "Saved mappings by name.",
          content: {
            "application/json": { schema: z.object({ items: z.array(savedResponse) }) },
          },
        },
        ...denied,
      },
    }),
    async (context) => {
      const items = (await listMappings(database)).map((saved) => ({
        name: saved.name,
        sourceKey: saved.sourceKey,
        mapping: saved.mapping,
        updatedAt: saved.updatedAt.toISOString(),
      }));
      return context.json({ items }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: "put",
      path: "/workspace/imports/mappings/{name}",
      summary: "Save a mapping under a name",
      description: "Replaces the mapping saved under this name. An invalid mapping is not saved.",
      ...secured,
      request: {
        params: z.object({
          name: z
            .string()
            .min(1)
            .max(200)
            .openapi({ param: { name: "name", in: "path" } }),
        }),
        body: {
          content: { "application/json": { schema: z.object({ mapping: mappingDocument }) } },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The saved mapping.",
          content: { "application/json": { schema: savedResponse } },
        },
        400: errorResponse("The mapping is invalid; each problem names the field path."),
        ...denied,
      },
    }),
    async (context) => {
      const { name } = context.req.valid("param");
      const { mapping } = context.req.valid("json");
      let saved;
      try {
        saved = await saveMapping(database, name, mapping);
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        const problems = error.problems.map((line) => {
          const [, where = "", reason = line] = /^[^:]*: ([^:]*): (.*)$/.exec(line) ?? [];
          return { path: `mapping.${where}`, message: reason };
        });
        throw errors.invalidInput(problems, "The mapping is invalid.");
      }
      await recordAudit(database.db, {
        actorUserId: context.get("principal")!.userId,
        action: "import.mapping.save",
        subject: `mapping:${saved.name}`,
        outcome: "success",
        clientAddress: clientAddress(context),
        details: { sourceKey: saved.sourceKey },
      });
      return context.json(
        {
          name: saved.name,
          sourceKey: saved.sourceKey,
          mapping: saved.mapping,
          updatedAt: saved.updatedAt.toISOString(),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/imports/run",
      summary: "Import an uploaded file with a saved mapping",
      description:
        "Runs in one transaction: a failed import stores nothing. With dryRun, every step runs and is rolled back. A successful import removes the uploaded file.",
      ...secured,
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                uploadId,
                mappingName: z.string({ error: "is missing" }).min(1),
                dryRun: z.boolean().default(false),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The import's outcome, also when it failed.",
          content: { "application/json": { schema: runResponse } },
        },
        400: errorResponse("A parameter is invalid or a column is missing from the file."),
        404: errorResponse("No uploaded file or saved mapping has this id or name."),
        ...denied,
      },
    }),
    async (context) => {
      const body = context.req.valid("json");
      const upload = await getUpload(config.dataDir, body.uploadId);
      const saved = await getMapping(database, body.mappingName);
      if (!saved) throw errors.notFound(`Saved mapping "${body.mappingName}"`);
      // Read once with the mapping's options, so that a wrong encoding is a 400 naming it.
      await readUploadSample(upload, { ...saved.mapping.source }, 1);

      const principal = context.get("principal")!;
      const report = await runUploadImport(database, config, upload, saved.mapping, {
        dryRun: body.dryRun,
        actorUserId: principal.userId,
      });
      if (!body.dryRun) {
        await recordAudit(database.db, {
          actorUserId: principal.userId,
          action: "import.run",
          subject: `import:${report.importId}`,
          outcome: "success",
          clientAddress: clientAddress(context),
          details: { mapping: saved.name, file: upload.fileName, status: report.status },
        });
      }
      const stored = report.rows.filter((row) => row.action !== "skipped" && row.projectId);
      return context.json(
        {
          importId: report.importId,
          status: report.status,
          dryRun: report.dryRun,
          rowsRead: report.rowsRead,
          rowsSkipped: report.rowsSkipped,
          counts: { ...report.counts },
          issueCounts: report.issueCounts,
          problems: report.problems.map(({ code, message }) => ({ code, message })),
          projectIds: stored.map((row) => row.projectId!),
        },
        200,
      );
    },
  );

  return api;
}
