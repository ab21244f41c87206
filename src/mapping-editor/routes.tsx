/**
 * The administrator's import pages under /workspace/imports: upload a spreadsheet, build its
 * mapping with a preview, save the mapping, run a dry run, then import.
 */
import type { Context } from "hono";
import { Hono } from "hono";
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
import { AppError, type Problem } from "../http/errors.js";
import { importMessages } from "../i18n/imports.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { log } from "../log.js";
import { getMapping, listMappings, saveMapping } from "../mapping/saved.js";
import { chooseLanguage } from "../portal/language.js";
import { MessagePage } from "../workspace/pages/message-page.js";
import { loadCodelists } from "../mapping/codelists.js";
import { documentToForm, formToDocument, type MappingForm } from "./form.js";
import { ImportsPage } from "./pages/imports-page.js";
import { MappingPage } from "./pages/mapping-page.js";
import type { ImportPage } from "./pages/page.js";
import { PreviewSection } from "./pages/preview-section.js";
import { ResultPage } from "./pages/result-page.js";
import { listPastImports } from "./past-imports.js";
import {
  documentToYaml,
  editorState,
  runUploadImport,
  yamlToDocument,
  type EditorState,
} from "./service.js";
import { startingDocument } from "./starting-document.js";
import { DEFAULT_MAX_UPLOAD_BYTES, getUpload, saveUpload } from "./uploads.js";

type ImportContext = Context<WorkspaceEnv>;

/** Settings of the import pages. */
export interface ImportPagesOptions {
  /** Largest uploaded file, in bytes. */
  maxUploadBytes?: number;
}

/** Builds the import pages, mounted at /workspace/imports; administrators only. */
export function createImportPagesRouter(
  dependencies: AppDependencies,
  accounts: AccountServices,
  options: ImportPagesOptions = {},
): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { database, config } = dependencies;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  router.onError((error, context) => renderError(error, context as ImportContext));
  router.use(
    "*",
    authenticate(accounts),
    requireSignIn,
    requirePermission(accounts, "import.manage"),
  );
  // The size is checked before the multipart body is parsed, so that the CSRF check (which
  // reads the body) never buffers an oversized upload.
  router.post(
    "/uploads",
    bodyLimit({
      // Room for the multipart boundaries and the form's other fields.
      maxSize: maxUploadBytes + 64 * 1024,
      onError: (context) =>
        showImports(context as ImportContext, [tooLarge(context as ImportContext)], 413),
    }),
  );
  router.use("*", requireCsrf);

  const tooLarge = (_context: ImportContext): Problem => ({
    path: "file",
    message: `the file is larger than the limit of ${maxUploadBytes} bytes`,
  });

  const showImports = async (
    context: ImportContext,
    problems: Problem[],
    status: 200 | 400 | 413,
  ) =>
    context.html(
      <ImportsPage
        page={pageOf(context)}
        mappings={await listMappings(database)}
        imports={await listPastImports(database.db)}
        maxUploadBytes={maxUploadBytes}
        problems={problems}
      />,
      status,
    );

  const showMapping = async (
    context: ImportContext,
    state: EditorState,
    form: MappingForm,
    extra: { savedName?: string; dryRun?: Awaited<ReturnType<typeof runUploadImport>> } = {},
    status: 200 | 400 = state.problems.length > 0 ? 400 : 200,
  ) =>
    context.html(
      <MappingPage
        page={pageOf(context)}
        state={state}
        form={form}
        codelists={await loadCodelists(config.oc4idsSchema)}
        yaml={documentToYaml(state.document)}
        savedName={extra.savedName}
        dryRun={extra.dryRun}
      />,
      status,
    );

  router.get("/", (context) => showImports(context, [], 200));

  router.post("/uploads", async (context) => {
    const body = await context.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.name === "") {
      return showImports(context, [{ path: "file", message: "choose a CSV or XLSX file" }], 400);
    }
    try {
      const { upload } = await saveUpload(
        config.dataDir,
        { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        maxUploadBytes,
      );
      const mapping = typeof body.mapping === "string" ? body.mapping : "";
      const query = mapping === "" ? "" : `?mapping=${encodeURIComponent(mapping)}`;
      return context.redirect(`/workspace/imports/uploads/${upload.id}${query}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.problems.length === 0) throw error;
      return showImports(context, error.problems, error.status === 413 ? 413 : 400);
    }
  });

  router.get("/uploads/:id", async (context) => {
    const upload = await getUpload(config.dataDir, context.req.param("id"));
    const name = context.req.query("mapping") ?? "";
    const saved = name === "" ? undefined : await getMapping(database, name);
    if (name !== "" && !saved)
      throw new AppError("not_found", 404, `No mapping is saved as "${name}".`);
    const document = saved
      ? (saved.mapping as unknown as Record<string, unknown>)
      : await startingDocument(upload, pageOf(context).t.language);
    const state = await editorState(upload, document);
    // A new mapping is incomplete until the administrator fills it in, so its problems are
    // shown only once the form is submitted.
    if (!saved) state.problems = [];
    const savedName = context.req.query("saved") === "1" ? name : undefined;
    const form = documentToForm(document, saved?.name ?? "");
    return showMapping(context, state, form, { savedName }, 200);
  });

  router.post("/uploads/:id/preview", async (context) => {
    const upload = await getUpload(config.dataDir, context.req.param("id"));
    const form = await formOf(context);
    const state = await editorState(upload, formToDocument(form));
    const page = pageOf(context);
    return context.html(
      <div>
        <div id="mapping-problems">
          <ErrorList page={page} state={state} />
        </div>
        <PreviewSection page={page} preview={state.preview} />
      </div>,
    );
  });

  router.post("/uploads/:id", async (context) => {
    const upload = await getUpload(config.dataDir, context.req.param("id"));
    const form = await formOf(context);
    const action = form.action ?? "preview";

    if (action === "yaml") {
      let document: Record<string, unknown>;
      try {
        document = yamlToDocument(form.yaml ?? "");
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const state = await editorState(upload, formToDocument(form));
        state.problems.unshift(...error.problems);
        return showMapping(context, state, form);
      }
      const state = await editorState(upload, document);
      return showMapping(context, state, documentToForm(document, form.name ?? ""));
    }

    const document = formToDocument(form);
    if (action === "download") {
      const name = (form.name ?? "").trim() || "mapping";
      context.header("Content-Disposition", `attachment; filename="${fileSafe(name)}.yaml"`);
      return context.body(documentToYaml(document), 200, {
        "Content-Type": "application/yaml; charset=utf-8",
      });
    }

    const state = await editorState(upload, document);
    const name = (form.name ?? "").trim();
    const needsName = action === "save" || action === "import";
    if (needsName && name === "") {
      state.problems.unshift({ path: "name", message: "give the mapping a name to save it under" });
    }
    if (action === "preview" || !state.mapping || state.problems.length > 0) {
      return showMapping(context, state, form);
    }

    const principal = context.get("principal")!;
    const audit = (what: string, subject: string, details: Record<string, unknown>) =>
      recordAudit(database.db, {
        actorUserId: principal.userId,
        action: what,
        subject,
        outcome: "success",
        clientAddress: clientAddress(context),
        details,
      });

    if (action === "save") {
      await saveMapping(database, name, state.mapping);
      await audit("import.mapping.save", `mapping:${name}`, {
        sourceKey: state.mapping.source.key,
      });
      return context.redirect(
        `/workspace/imports/uploads/${upload.id}?mapping=${encodeURIComponent(name)}&saved=1`,
        303,
      );
    }

    if (action === "dry-run") {
      const report = await runUploadImport(database, config, upload, state.mapping, {
        dryRun: true,
        actorUserId: principal.userId,
      });
      return showMapping(context, state, form, { dryRun: report });
    }

    if (action === "import") {
      // The mapping is saved first, so that the next file from this source starts from it.
      await saveMapping(database, name, state.mapping);
      const report = await runUploadImport(database, config, upload, state.mapping, {
        dryRun: false,
        actorUserId: principal.userId,
      });
      await audit("import.run", `import:${report.importId}`, {
        mapping: name,
        file: upload.fileName,
        sha256: upload.id,
        status: report.status,
        counts: report.counts,
      });
      return context.html(
        <ResultPage page={pageOf(context)} report={report} />,
        report.status === "succeeded" ? 200 : 400,
      );
    }
    throw new AppError("invalid_input", 400, `Unknown action "${action}".`, [
      { path: "action", message: "expected preview, yaml, save, dry-run, import or download" },
    ]);
  });

  router.get("/mappings/:file{.+\\.yaml}", async (context) => {
    const name = context.req.param("file").replace(/\.yaml$/, "");
    const saved = await getMapping(database, name);
    if (!saved) throw new AppError("not_found", 404, `No mapping is saved as "${name}".`);
    context.header("Content-Disposition", `attachment; filename="${fileSafe(name)}.yaml"`);
    return context.body(documentToYaml(saved.mapping as unknown as Record<string, unknown>), 200, {
      "Content-Type": "application/yaml; charset=utf-8",
    });
  });

  return router;
}

/** The error summary of the preview fragment: the same markup as on the page. */
function ErrorList(props: { page: ImportPage; state: EditorState }) {
  const { page, state } = props;
  if (state.problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{page.w.errorSummary}</p>
      <ul>
        {state.problems.map((problem) => (
          <li>{problem.path ? `${problem.path}: ${problem.message}` : problem.message}</li>
        ))}
      </ul>
    </div>
  );
}

function pageOf(context: ImportContext): ImportPage {
  const t = chooseLanguage(context);
  const credential = context.get("credential");
  return {
    t,
    w: workspaceMessages(t.language),
    m: importMessages(t.language),
    currentUrl: new URL(context.req.url),
    isDemo: false,
    principal: context.get("principal"),
    csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
  };
}

/** Reads a posted form as strings; a repeated field keeps its last value. */
async function formOf(context: ImportContext): Promise<MappingForm> {
  const body = await context.req.parseBody();
  const form: MappingForm = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string") form[name] = value;
  }
  return form;
}

function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, "-");
}

/** Renders an error as a page: sign-in for 401, a message page otherwise. */
function renderError(error: Error, context: ImportContext) {
  const page = pageOf(context);
  if (error instanceof AppError && error.status === 401) {
    const url = new URL(context.req.url);
    return context.redirect(
      `/workspace/login?next=${encodeURIComponent(url.pathname + url.search)}`,
      303,
    );
  }
  if (error instanceof AppError) {
    const heading =
      error.status === 403
        ? page.w.forbiddenHeading
        : error.status === 404
          ? page.w.notFoundHeading
          : page.w.errorHeading;
    return context.html(
      <MessagePage page={page} heading={heading} message={error.message} />,
      error.status,
    );
  }
  log.error(
    { err: error, correlationId: context.get("correlationId"), path: context.req.path },
    "import page request failed",
  );
  return context.html(
    <MessagePage
      page={page}
      heading={page.w.errorHeading}
      message={`Correlation id: ${context.get("correlationId")}`}
    />,
    500,
  );
}
