import { Hono } from "hono";
import { recordAudit } from "../accounts/audit.js";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import { can } from "../accounts/permissions.js";
import type { AccountServices } from "../accounts/services.js";
import { problemsFromZodError } from "../api/problems.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import { count, day } from "../schedule/input-fields.js";
import {
  projectOrganisations,
  projectPageKit,
  type PageContext,
} from "../workspace/project-pages.js";
import { changeRequestInput, changeStepInput } from "./change-input.js";
import {
  addDays,
  getChange,
  listChanges,
  moveChange,
  requestAction,
  requestChange,
  stepAction,
  type ChangeStep,
} from "./changes.js";
import { ChangeFormPage } from "./form-page.js";
import { ChangePage, ChangesPage, KIND_SLUGS } from "./page.js";
import { currentCompletionDate } from "./publish.js";
import { changeTables, type ChangeKind } from "./tables.js";

const KINDS: ChangeKind[] = ["design_change", "time_extension", "penalty"];
const extensionDays = count(1, 3650);

/**
 * Builds the change pages under /workspace/projects/:id/changes: the list, the forms that
 * request a design change or a time extension or issue a penalty, and each request with its
 * history and review steps. Mount it inside the workspace router, whose middleware signs the
 * caller in and checks CSRF tokens.
 */
export function createChangePages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const kit = projectPageKit(accounts);
  const { projectIdOf, pageOf, may } = kit;
  const view = requirePermission(accounts, "project.view", projectIdOf);

  router.get("/:id/changes", view, async (context) =>
    context.html(
      <ChangesPage
        page={await pageOf(context)}
        changes={await listChanges(db, projectIdOf(context))}
        kinds={KINDS.filter((kind) => may(context, requestAction(kind)))}
      />,
    ),
  );

  for (const kind of KINDS) {
    const path = `/:id/changes/new/${KIND_SLUGS[kind]}`;
    const allowed = requirePermission(accounts, requestAction(kind), projectIdOf);
    const showForm = async (
      context: PageContext,
      values: Record<string, string>,
      problems: Problem[],
      newCompletionDate?: string,
    ) => {
      const projectId = projectIdOf(context);
      return context.html(
        <ChangeFormPage
          page={await pageOf(context)}
          kind={kind}
          completionDate={await currentCompletionDate(changeTables(db), projectId)}
          newCompletionDate={newCompletionDate}
          organisations={await projectOrganisations(accounts, projectId)}
          values={values}
          problems={problems}
        />,
        problems.length > 0 ? 400 : 200,
      );
    };
    router.get(path, allowed, (context) => showForm(context, {}, []));
    router.post(path, allowed, async (context) => {
      const values = await kit.formOf(context);
      const days = extensionDays.safeParse(values.days);
      const newDate =
        kind === "time_extension" && days.success && day.safeParse(values.oldCompletionDate).success
          ? addDays(values.oldCompletionDate!, days.data)
          : undefined;
      if (values.intent === "preview") {
        const problems = days.success
          ? []
          : problemsFromZodError(days.error).map((problem) => ({ ...problem, path: "days" }));
        return showForm(context, values, problems, newDate);
      }

      const parsed = changeRequestInput.safeParse(changeFromForm(kind, values, newDate));
      if (!parsed.success) {
        return showForm(context, values, problemsFromZodError(parsed.error), newDate);
      }
      try {
        const change = await requestChange(
          db,
          projectIdOf(context),
          parsed.data,
          kit.actorOf(context),
        );
        return kit.redirectTo(context, `/changes/${change.id}`);
      } catch (error) {
        return showForm(context, values, kit.inputProblems(error), newDate);
      }
    });
  }

  const showChange = async (
    context: PageContext,
    values: Record<string, string>,
    problems: Problem[],
  ) => {
    const projectId = projectIdOf(context);
    const changeId = Number(context.req.param("changeId"));
    const change = await getChange(db, projectId, changeId);
    if (!change) throw errors.notFound(`Change request ${changeId}`);
    const userId = context.get("principal")!.userId;
    const steps = (["review", "approve", "reject"] as const).filter((step) => {
      if (change.status === "approved" || change.status === "rejected") return false;
      if (
        step === "review" &&
        (change.status !== "requested" || change.requestedBy.userId === userId)
      ) {
        return false;
      }
      if (step === "approve" && change.status !== "reviewed") return false;
      return may(context, stepAction(step, change.status));
    });
    const organisations = await projectOrganisations(accounts, projectId);
    const against =
      change.againstOrganisationId === null
        ? undefined
        : (organisations.find((row) => row.id === change.againstOrganisationId)?.name ??
          change.againstOrganisationId);
    return context.html(
      <ChangePage
        page={await pageOf(context)}
        change={change}
        againstOrganisation={against}
        steps={steps}
        values={values}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  const changePath = "/:id/changes/:changeId{[0-9]+}";
  router.get(changePath, view, (context) => showChange(context, {}, []));

  router.post(`${changePath}/:step{review|approve|reject}`, view, async (context) => {
    const step = context.req.param("step") as ChangeStep;
    const values = await kit.formOf(context);
    const parsed = changeStepInput.safeParse({ comment: values.comment || undefined });
    if (!parsed.success) return showChange(context, values, problemsFromZodError(parsed.error));
    const changeId = Number(context.req.param("changeId"));
    const principal = context.get("principal")!;
    try {
      await moveChange(
        db,
        projectIdOf(context),
        changeId,
        step,
        {
          comment: parsed.data.comment,
          may: (action) => can(principal, action, context.get("projectAccess")),
        },
        kit.actorOf(context),
      );
    } catch (error) {
      await auditDeniedStep(context, accounts, step, changeId, error);
      return showChange(context, values, kit.inputProblems(error));
    }
    return kit.redirectTo(context, `/changes/${changeId}`);
  });

  return router;
}

/** Turns a request form into the JSON shape of `changeRequestInput`. */
function changeFromForm(
  kind: ChangeKind,
  form: Record<string, string>,
  newCompletionDate: string | undefined,
): Record<string, unknown> {
  const common = { kind, description: form.description, reason: form.reason };
  if (kind === "design_change") {
    return { ...common, costImpact: form.costImpact, currency: form.currency };
  }
  if (kind === "penalty") {
    return {
      ...common,
      amount: form.amount,
      currency: form.currency,
      againstOrganisationId: form.againstOrganisationId,
    };
  }
  return {
    ...common,
    days: form.days,
    oldCompletionDate: form.oldCompletionDate,
    // The page computes the new date itself, so a days value it cannot use leaves it out and
    // the days field carries the only error.
    newCompletionDate: newCompletionDate ?? form.oldCompletionDate,
  };
}

/**
 * Records a review step that the service denied in the audit trail, as `requirePermission`
 * does. The service denies a step that the table does not grant, and a supervisor's review of
 * its own request.
 */
async function auditDeniedStep(
  context: PageContext,
  accounts: AccountServices,
  step: ChangeStep,
  changeId: number,
  error: unknown,
): Promise<void> {
  if (!(error instanceof AppError) || error.status !== 403) return;
  await recordAudit(accounts.db, {
    actorUserId: context.get("principal")!.userId,
    action: `change.${step}`,
    subject: `project:${context.req.param("id") ?? ""}`,
    outcome: "denied",
    clientAddress: clientAddress(context),
    details: { changeRequestId: changeId },
  });
}
