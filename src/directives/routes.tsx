import { Hono } from "hono";
import { recordAudit } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { problemsFromZodError } from "../api/problems.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import { lineProblem } from "../workspace/pages/form-fields.js";
import {
  projectOrganisations,
  projectPageKit,
  type PageContext,
} from "../workspace/project-pages.js";
import { actionReportInput, directiveInput, directiveStepInput } from "./directive-input.js";
import { getDirective, issueDirective, listDirectives, moveDirective } from "./directives.js";
import { DirectiveFormPage, DirectiveListPage, DirectivePage } from "./pages.js";

/**
 * Builds the work directive pages under /workspace/projects/:id/directives: the list, the form
 * that issues one, and each directive with its history and the forms of its next steps. Mount
 * it inside the workspace router, whose middleware signs the caller in and checks CSRF tokens.
 */
export function createDirectivePages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const kit = projectPageKit(accounts);
  const { projectIdOf, pageOf, may } = kit;
  const view = requirePermission(accounts, "project.view", projectIdOf);
  const issue = requirePermission(accounts, "directive.issue", projectIdOf);

  router.get("/:id/directives", view, async (context) => {
    const projectId = projectIdOf(context);
    const organisations = await projectOrganisations(accounts, projectId);
    return context.html(
      <DirectiveListPage
        page={await pageOf(context)}
        directives={await listDirectives(db, projectId, accounts.clock())}
        organisationNames={new Map(organisations.map((row) => [row.id, row.name]))}
        canIssue={may(context, "directive.issue")}
      />,
    );
  });

  const showForm = async (
    context: PageContext,
    values: Record<string, string>,
    problems: Problem[],
  ) =>
    context.html(
      <DirectiveFormPage
        page={await pageOf(context)}
        organisations={await projectOrganisations(accounts, projectIdOf(context))}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  router.get("/:id/directives/new", issue, (context) => showForm(context, {}, []));
  router.post("/:id/directives", issue, async (context) => {
    const values = await kit.formOf(context);
    const parsed = directiveInput.safeParse(values);
    if (!parsed.success) return showForm(context, values, problemsFromZodError(parsed.error));
    try {
      const directive = await issueDirective(
        db,
        projectIdOf(context),
        parsed.data,
        kit.actorOf(context),
      );
      return kit.redirectTo(context, `/directives/${directive.id}`);
    } catch (error) {
      return showForm(context, values, kit.inputProblems(error));
    }
  });

  const showDirective = async (
    context: PageContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const projectId = projectIdOf(context);
    const directiveId = Number(context.req.param("directiveId"));
    const directive = await getDirective(db, projectId, directiveId, accounts.clock());
    if (!directive) throw errors.notFound(`Directive ${directiveId}`);
    const roles = context.get("projectAccess")?.roles ?? [];
    const addressed = roles.includes(directive.addressedRole) || roles.includes("supervisor");
    const organisations = await projectOrganisations(accounts, projectId);
    return context.html(
      <DirectivePage
        page={await pageOf(context)}
        directive={directive}
        organisationName={
          organisations.find((row) => row.id === directive.addressedOrganisationId)?.name
        }
        actions={{
          report: directive.status === "open" && addressed && may(context, "directive.respond"),
          close: directive.status === "answered" && may(context, "directive.issue"),
          reopen: directive.status !== "open" && may(context, "directive.issue"),
        }}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  const directivePath = "/:id/directives/:directiveId{[0-9]+}";
  router.get(directivePath, view, (context) => showDirective(context, {}, []));

  router.post(
    `${directivePath}/report`,
    requirePermission(accounts, "directive.respond", projectIdOf),
    async (context) => {
      const values = await kit.formOf(context);
      const parsed = actionReportInput.safeParse({
        text: values.text,
        attachmentReferences: (values.attachmentReferences ?? "")
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== ""),
      });
      if (!parsed.success) {
        const problems = problemsFromZodError(parsed.error).map((problem) =>
          lineProblem(problem, "attachmentReferences"),
        );
        return showDirective(context, values, problems);
      }
      const directiveId = Number(context.req.param("directiveId"));
      try {
        await moveDirective(
          db,
          projectIdOf(context),
          directiveId,
          {
            step: "report",
            ...parsed.data,
            callerRoles: [...(context.get("projectAccess")?.roles ?? [])],
          },
          kit.actorOf(context),
        );
      } catch (error) {
        await auditDeniedReport(context, accounts, directiveId, error);
        return showDirective(context, values, kit.inputProblems(error));
      }
      return kit.redirectTo(context, `/directives/${directiveId}`);
    },
  );

  router.post(`${directivePath}/:step{close|reopen}`, issue, async (context) => {
    const step = context.req.param("step") as "close" | "reopen";
    const values = await kit.formOf(context);
    const parsed = directiveStepInput.safeParse(values);
    if (!parsed.success) return showDirective(context, values, problemsFromZodError(parsed.error));
    const directiveId = Number(context.req.param("directiveId"));
    try {
      await moveDirective(
        db,
        projectIdOf(context),
        directiveId,
        { step, reason: parsed.data.reason },
        kit.actorOf(context),
      );
    } catch (error) {
      return showDirective(context, values, kit.inputProblems(error));
    }
    return kit.redirectTo(context, `/directives/${directiveId}`);
  });

  return router;
}

/**
 * Records a denied action report in the audit trail, as `requirePermission` does for other
 * denials. The service denies a report whose caller holds neither the addressed role nor the
 * supervisor's.
 */
async function auditDeniedReport(
  context: PageContext,
  accounts: AccountServices,
  directiveId: number,
  error: unknown,
): Promise<void> {
  if (!(error instanceof AppError) || error.status !== 403) return;
  await recordAudit(accounts.db, {
    actorUserId: context.get("principal")!.userId,
    action: "directive.respond",
    subject: `project:${context.req.param("id") ?? ""}`,
    outcome: "denied",
    clientAddress: clientAddress(context),
    details: { directiveId },
  });
}
