/**
 * Workspace routes of the document registry: register a document, add a version, approve or
 * reject a version, search, and record the final inspection that as-built drawings wait for.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requirePermission,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import { can } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import {
  addDocumentVersion,
  decideDocumentVersion,
  DOCUMENT_CATEGORIES,
  getDocument,
  MAX_DOCUMENT_BYTES,
  recordFinalInspection,
  registerDocument,
  searchDocuments,
  type DocumentActor,
  type RegisteredDocument,
  type UploadedFile,
} from "../documents/documents.js";
import type { AppDependencies } from "../http/app.js";
import { AppError, errors } from "../http/errors.js";
import { validationHook } from "./problems.js";
import { errorResponse, idParameter } from "./schemas.js";

const versionSchema = z.object({
  version: z.number().int(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  mediaType: z.string(),
  fileName: z.string(),
  note: z.string().nullable(),
  status: z.enum(["submitted", "approved", "rejected"]),
  uploadedBy: z.number().int(),
  uploadedAt: z.string().openapi({ format: "date-time" }),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.string().nullable().openapi({ format: "date-time" }),
  rejectionReason: z.string().nullable(),
});
const documentSchema = z
  .object({
    id: z.number().int(),
    projectId: z.string(),
    category: z.enum(DOCUMENT_CATEGORIES),
    title: z.string(),
    isSensitive: z.boolean(),
    createdBy: z.number().int(),
    createdAt: z.string().openapi({ format: "date-time" }),
    versions: z.array(versionSchema),
  })
  .openapi("Document");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: photos and documents"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const documentParameters = idParameter("Project id.").extend({
  documentId: z.coerce
    .number({ error: "must be a document id" })
    .int("must be a document id")
    .openapi({ param: { name: "documentId", in: "path" } }),
});
const versionParameters = documentParameters.extend({
  version: z.coerce
    .number({ error: "must be a version number" })
    .int("must be a version number")
    .openapi({ param: { name: "version", in: "path" } }),
});
const fileField = z.any().openapi({ type: "string", format: "binary" });
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";
const documentJson = (description: string) => ({
  description,
  content: { "application/json": { schema: documentSchema } },
});

function serialiseDocument(document: RegisteredDocument) {
  return {
    ...document,
    createdAt: document.createdAt.toISOString(),
    versions: document.versions.map((version) => ({
      ...version,
      uploadedAt: version.uploadedAt.toISOString(),
      decidedAt: version.decidedAt?.toISOString() ?? null,
    })),
  };
}

async function readFileField(value: unknown): Promise<UploadedFile | undefined> {
  if (!(value instanceof File)) return undefined;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

const textField = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * Builds the document routes. Mounted before the other workspace routes, so that the size
 * limit of uploads runs before anything, the CSRF check included, reads the body.
 */
export function createWorkspaceDocumentsApi(
  dependencies: AppDependencies,
  accounts: AccountServices,
  maxBytes = MAX_DOCUMENT_BYTES,
): OpenAPIHono<WorkspaceEnv> {
  const api = new OpenAPIHono<WorkspaceEnv>({
    defaultHook: validationHook,
  });
  const { db } = accounts;
  const paths = [
    "/workspace/projects/:id/documents",
    "/workspace/projects/:id/documents/*",
    "/workspace/projects/:id/final-inspection",
  ];
  for (const path of paths) api.use(path, authenticate(accounts), requireSignIn);
  const limit = bodyLimit({
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
  });
  api.post("/workspace/projects/:id/documents", limit);
  api.post("/workspace/projects/:id/documents/:documentId/versions", limit);
  for (const path of paths) api.use(path, requireCsrf);

  const actorOf = (context: Context<WorkspaceEnv>): DocumentActor => {
    const principal = context.get("principal")!;
    const project = context.get("projectAccess");
    return {
      userId: principal.userId,
      clientAddress: clientAddress(context),
      now: accounts.clock(),
      may: (action) => can(principal, action, project),
    };
  };

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/documents",
      summary: "Register a document",
      description:
        "Registers a document with its first version, waiting for approval. Fields: category (drawing, specification, approval, test_report, minutes, as_built), title, isSensitive (true or false), note and file (PDF, image, office, DWG or UTF-8 text, recognised by its first bytes). Allowed for every member; as-built drawings only for the prime contractor and only after the final inspection.",
      ...secured,
      middleware: [requirePermission(accounts, "document.upload", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: {
          content: {
            "multipart/form-data": {
              schema: z.object({
                category: z.string(),
                title: z.string(),
                isSensitive: z.string().optional(),
                note: z.string().optional(),
                file: fileField,
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: documentJson("The registered document."),
        400: errorResponse("A field is missing or invalid; the problem names it."),
        404: errorResponse("No such project."),
        409: errorResponse("An as-built drawing before the final inspection."),
        413: errorResponse("The file is larger than the limit."),
        ...denied,
      },
    }),
    async (context) => {
      const body = await context.req.parseBody();
      const document = await registerDocument(
        db,
        dependencies.fileStore,
        context.req.valid("param").id,
        {
          category: textField(body.category),
          title: textField(body.title),
          isSensitive: textField(body.isSensitive),
          note: textField(body.note),
          file: await readFileField(body.file),
        },
        actorOf(context),
      );
      return context.json(serialiseDocument(document), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/documents/{documentId}/versions",
      summary: "Add a document version",
      description: "Adds the next version, waiting for approval. Fields: note and file.",
      ...secured,
      middleware: [requirePermission(accounts, "document.upload", projectIdOf)],
      request: {
        params: documentParameters,
        body: {
          content: {
            "multipart/form-data": {
              schema: z.object({ note: z.string().optional(), file: fileField }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: documentJson("The document with the new version."),
        400: errorResponse("The file or note is missing or invalid."),
        404: errorResponse("No such project or document."),
        409: errorResponse("An as-built drawing before the final inspection."),
        413: errorResponse("The file is larger than the limit."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, documentId } = context.req.valid("param");
      const body = await context.req.parseBody();
      const document = await addDocumentVersion(
        db,
        dependencies.fileStore,
        id,
        documentId,
        { note: textField(body.note), file: await readFileField(body.file) },
        actorOf(context),
      );
      return context.json(serialiseDocument(document), 201);
    },
  );

  for (const step of ["approve", "reject"] as const) {
    api.openapi(
      createRoute({
        method: "post",
        path: `/workspace/projects/{id}/documents/{documentId}/versions/{version}/${step}`,
        summary: step === "approve" ? "Approve a document version" : "Reject a document version",
        description:
          step === "approve"
            ? "Approves a submitted version. An approved version of an approval, test report or minutes that is not security-sensitive appears on the public project page. Allowed for the agency official and the supervisor."
            : "Rejects a submitted version with a reason. Allowed for the agency official and the supervisor.",
        ...secured,
        middleware: [requirePermission(accounts, "document.approve", projectIdOf)],
        request: {
          params: versionParameters,
          ...(step === "reject"
            ? {
                body: {
                  content: { "application/json": { schema: z.object({ reason: z.string() }) } },
                  required: true,
                },
              }
            : {}),
        },
        responses: {
          200: documentJson("The document after the decision."),
          400: errorResponse("The reason is missing."),
          404: errorResponse("No such project, document or version."),
          409: errorResponse("The version was already approved or rejected."),
          ...denied,
        },
      }),
      async (context) => {
        const { id, documentId, version } = context.req.valid("param");
        const reason =
          step === "reject"
            ? ((await context.req.json().catch(() => ({}))) as { reason?: unknown }).reason
            : undefined;
        const document = await decideDocumentVersion(
          db,
          id,
          documentId,
          version,
          { approve: step === "approve", reason: typeof reason === "string" ? reason : undefined },
          actorOf(context),
        );
        return context.json(serialiseDocument(document), 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/documents",
      summary: "Search documents",
      description:
        "Lists the project's documents, newest first, at most 200. `q` matches the title or the text of a text file, `category` narrows to one category. Allowed for members and oversight roles.",
      ...secured,
      middleware: [requirePermission(accounts, "document.view", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        query: z.object({ q: z.string().optional(), category: z.string().optional() }),
      },
      responses: {
        200: {
          description: "The matching documents.",
          content: { "application/json": { schema: z.array(documentSchema) } },
        },
        400: errorResponse("An unknown category or a query over 200 characters."),
        404: errorResponse("No such project."),
        ...denied,
      },
    }),
    async (context) => {
      const { q, category } = context.req.valid("query");
      const documents = await searchDocuments(db, context.req.valid("param").id, {
        query: q,
        category,
      });
      return context.json(documents.map(serialiseDocument), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/documents/{documentId}",
      summary: "Read a document and its versions",
      ...secured,
      middleware: [requirePermission(accounts, "document.view", projectIdOf)],
      request: { params: documentParameters },
      responses: {
        200: documentJson("The document."),
        404: errorResponse("No such project or document."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, documentId } = context.req.valid("param");
      const document = await getDocument(db, id, documentId);
      if (!document) throw errors.notFound(`Document ${documentId}`);
      return context.json(serialiseDocument(document), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/final-inspection",
      summary: "Record the final inspection",
      description:
        "Records that the project passed its final inspection, after which the prime contractor may upload as-built drawings. Allowed for the agency official, once.",
      ...secured,
      middleware: [requirePermission(accounts, "project.final_inspection", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "When the final inspection was recorded.",
          content: {
            "application/json": {
              schema: z.object({ finalInspectionAt: z.string().openapi({ format: "date-time" }) }),
            },
          },
        },
        404: errorResponse("No such project."),
        409: errorResponse("The final inspection is already recorded."),
        ...denied,
      },
    }),
    async (context) => {
      const at = await recordFinalInspection(db, context.req.valid("param").id, actorOf(context));
      return context.json({ finalInspectionAt: at.toISOString() }, 200);
    },
  );

  return api;
}
