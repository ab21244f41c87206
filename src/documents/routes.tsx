/**
 * The document registry pages of a project: search, register a document, add a version,
 * approve or reject a version, download a version's file, and record the final inspection.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import type { DocumentCategory } from "../db/types-documents-photos.js";
import { errors, type Problem } from "../http/errors.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
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
} from "./documents.js";
import { DocumentFormPage, DocumentListPage, DocumentPage, type UserNames } from "./pages.js";

/** Adds the document pages to the project router. */
export function addDocumentPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const { accounts, dependencies } = tools;
  const { db } = accounts;
  const view = tools.read("document.view");
  const actorOf = (context: SiteContext): DocumentActor => ({
    ...tools.actorOf(context),
    may: (action) => tools.may(context, action),
  });
  const tooLarge = (limit: number): Problem => ({
    path: "file",
    message: `the file is larger than the limit of ${limit} bytes`,
  });
  const finalInspectionOf = async (projectId: string) =>
    (
      await db
        .selectFrom("workspace_projects")
        .select("final_inspection_at")
        .where("project_id", "=", projectId)
        .executeTakeFirst()
    )?.final_inspection_at ?? null;
  const documentIdOf = (context: SiteContext) => Number(context.req.param("documentId"));

  // The registry and its search.
  const showList = async (context: SiteContext, problems: Problem[], status?: 400 | 409) => {
    const projectId = tools.projectIdOf(context);
    const filter = {
      q: context.req.query("q") ?? "",
      category: context.req.query("category") ?? "",
    };
    let documents: RegisteredDocument[] = [];
    try {
      documents = await searchDocuments(db, projectId, {
        query: filter.q,
        category: filter.category || undefined,
      });
    } catch (error) {
      problems = [...problems, ...tools.inputProblems(error)];
    }
    return context.html(
      <DocumentListPage
        page={await tools.pageOf(context)}
        documents={documents}
        filter={filter}
        problems={problems}
        canUpload={tools.may(context, "document.upload")}
        finalInspectionAt={await finalInspectionOf(projectId)}
        canRecordFinalInspection={tools.may(context, "project.final_inspection")}
      />,
      status ?? (problems.length > 0 ? 400 : 200),
    );
  };
  router.get("/:id/documents", view, (context) => showList(context, []));
  router.post("/:id/final-inspection", tools.post("project.final_inspection"), async (context) => {
    try {
      await recordFinalInspection(db, tools.projectIdOf(context), actorOf(context));
    } catch (error) {
      return showList(context, tools.inputProblems(error), statusOf(error) === 409 ? 409 : 400);
    }
    return tools.redirectTo(context, "/documents");
  });

  // Registering a document.
  const showForm = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 403 | 409 | 413 = problems.length > 0 ? 400 : 200,
  ) => {
    const asBuilt =
      tools.may(context, "asbuilt.upload") &&
      (await finalInspectionOf(tools.projectIdOf(context))) !== null;
    const categories: DocumentCategory[] = DOCUMENT_CATEGORIES.filter(
      (category) => category !== "as_built" || asBuilt || values.category === "as_built",
    );
    return context.html(
      <DocumentFormPage
        page={await tools.pageOf(context)}
        categories={categories}
        values={values}
        problems={problems}
      />,
      status,
    );
  };
  router.get("/:id/documents/new", tools.read("document.upload"), (context) =>
    showForm(context, {}, []),
  );
  router.post(
    "/:id/documents",
    tools.post("document.upload", {
      maxBytes: MAX_DOCUMENT_BYTES,
      tooLarge: (context) => showForm(context, {}, [tooLarge(MAX_DOCUMENT_BYTES)], 413),
    }),
    async (context) => {
      const body = await context.req.parseBody();
      const values = await tools.formOf(context);
      let document: RegisteredDocument;
      try {
        document = await registerDocument(
          db,
          dependencies.fileStore,
          tools.projectIdOf(context),
          {
            category: values.category ?? "",
            title: values.title ?? "",
            isSensitive: values.isSensitive ?? "false",
            note: values.note ?? "",
            file: await fileOf(body.file),
          },
          actorOf(context),
        );
      } catch (error) {
        const problems = forbiddenAsProblem(error, "category");
        return showForm(context, values, problems, statusOf(error));
      }
      return tools.redirectTo(context, `/documents/${document.id}`);
    },
  );

  // One document, its versions and decisions.
  const showDocument = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 403 | 409 | 413 = problems.length > 0 ? 400 : 200,
  ) => {
    const projectId = tools.projectIdOf(context);
    const document = await getDocument(db, projectId, documentIdOf(context));
    if (!document) throw errors.notFound(`Document ${context.req.param("documentId")}`);
    const canAddVersion =
      tools.may(context, "document.upload") &&
      (document.category !== "as_built" || tools.may(context, "asbuilt.upload"));
    return context.html(
      <DocumentPage
        page={await tools.pageOf(context)}
        document={document}
        names={await userNames(tools, document)}
        canDecide={tools.may(context, "document.approve")}
        canAddVersion={canAddVersion}
        values={values}
        problems={problems}
      />,
      status,
    );
  };
  router.get("/:id/documents/:documentId{[0-9]+}", view, (context) =>
    showDocument(context, {}, []),
  );
  router.post(
    "/:id/documents/:documentId{[0-9]+}/versions",
    tools.post("document.upload", {
      maxBytes: MAX_DOCUMENT_BYTES,
      tooLarge: (context) => showDocument(context, {}, [tooLarge(MAX_DOCUMENT_BYTES)], 413),
    }),
    async (context) => {
      const body = await context.req.parseBody();
      const values = await tools.formOf(context);
      try {
        await addDocumentVersion(
          db,
          dependencies.fileStore,
          tools.projectIdOf(context),
          documentIdOf(context),
          { note: values.note ?? "", file: await fileOf(body.file) },
          actorOf(context),
        );
      } catch (error) {
        const problems = forbiddenAsProblem(error, "file");
        return showDocument(context, values, problems, statusOf(error));
      }
      return tools.redirectTo(context, `/documents/${documentIdOf(context)}`);
    },
  );
  router.post(
    "/:id/documents/:documentId{[0-9]+}/versions/:version{[0-9]+}/:step{approve|reject}",
    tools.post("document.approve"),
    async (context) => {
      const version = Number(context.req.param("version"));
      const approve = context.req.param("step") === "approve";
      const values = await tools.formOf(context);
      try {
        await decideDocumentVersion(
          db,
          tools.projectIdOf(context),
          documentIdOf(context),
          version,
          { approve, reason: values.reason ?? "" },
          actorOf(context),
        );
      } catch (error) {
        const problems = tools
          .inputProblems(error)
          .map((problem) =>
            problem.path === "reason" ? { ...problem, path: `reason-${version}` } : problem,
          );
        return showDocument(
          context,
          { [`reason-${version}`]: values.reason ?? "" },
          problems,
          statusOf(error),
        );
      }
      return tools.redirectTo(context, `/documents/${documentIdOf(context)}`);
    },
  );

  // A version's file, served only through the workspace: drawings may be security-sensitive.
  router.get(
    "/:id/documents/:documentId{[0-9]+}/versions/:version{[0-9]+}/file",
    view,
    async (context) => {
      const document = await getDocument(db, tools.projectIdOf(context), documentIdOf(context));
      const version = document?.versions.find(
        (candidate) => candidate.version === Number(context.req.param("version")),
      );
      if (!version) throw errors.notFound(`Version ${context.req.param("version")}`);
      const file = await dependencies.fileStore.get(version.sha256);
      if (!file) throw errors.notFound("The file");
      return context.body(new Uint8Array(file.bytes), 200, {
        "Content-Type": version.mediaType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(version.fileName)}`,
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
      });
    },
  );
}

async function fileOf(value: unknown): Promise<UploadedFile | undefined> {
  if (!(value instanceof File) || (value.name === "" && value.size === 0)) return undefined;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/** Returns the HTTP status of a rejected input: 400, or the error's own 403, 409 or 413. */
function statusOf(error: unknown): 400 | 403 | 409 | 413 {
  const status = (error as { status?: number }).status;
  return status === 403 || status === 409 || status === 413 ? status : 400;
}

/**
 * Returns the problems of a rejected upload. The service rejects an as-built drawing from anyone
 * but the prime contractor with 403, which the form shows next to the field that caused it.
 */
function forbiddenAsProblem(error: unknown, path: string): Problem[] {
  const status = (error as { status?: number }).status;
  if (status === 403) {
    return [{ path, message: "only the prime contractor files as-built drawings" }];
  }
  if (status === 400 || status === 409 || status === 413) {
    const problems = (error as { problems: Problem[]; message: string }).problems;
    return problems.length > 0 ? problems : [{ path: "", message: (error as Error).message }];
  }
  throw error;
}

/** The display names of everyone who uploaded or decided a version of the document. */
async function userNames(tools: SiteTools, document: RegisteredDocument): Promise<UserNames> {
  const ids = [
    ...new Set(
      document.versions.flatMap((version) =>
        version.decidedBy === null ? [version.uploadedBy] : [version.uploadedBy, version.decidedBy],
      ),
    ),
  ];
  const rows = await tools.accounts.db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
