import { Hono } from "hono";
import { requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { problemsFromZodError } from "../api/problems.js";
import { errors, type Problem } from "../http/errors.js";
import { projectPageKit, type PageContext } from "../workspace/project-pages.js";
import { evaluationInput } from "./evaluation-input.js";
import { getEvaluation, listEvaluations, recordEvaluation } from "./evaluations.js";
import { CRITERION_ROWS, EvaluationListPage, EvaluationPage, suggestedCriteria } from "./pages.js";

/**
 * Builds the performance evaluation pages under /workspace/projects/:id/evaluations: the list
 * of requested evaluations and each one with the form that records it. Mount it inside the
 * workspace router, whose middleware signs the caller in and checks CSRF tokens.
 */
export function createEvaluationPages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const { db } = accounts;
  const kit = projectPageKit(accounts);
  const { projectIdOf, pageOf } = kit;
  const view = requirePermission(accounts, "project.view", projectIdOf);

  router.get("/:id/evaluations", view, async (context) =>
    context.html(
      <EvaluationListPage
        page={await pageOf(context)}
        evaluations={await listEvaluations(db, projectIdOf(context))}
        shortTerm={context.get("projectAccess")?.mode === "short_term"}
      />,
    ),
  );

  const showEvaluation = async (
    context: PageContext,
    values: Record<string, string> | undefined,
    problems: Problem[],
  ) => {
    const evaluationId = Number(context.req.param("evaluationId"));
    const evaluation = await getEvaluation(db, projectIdOf(context), evaluationId);
    if (!evaluation) throw errors.notFound(`Evaluation ${evaluationId}`);
    const page = await pageOf(context);
    const suggested = Object.fromEntries(
      suggestedCriteria(page.e, evaluation.subject).map((criterion, row) => [
        `scores.${row}.criterion`,
        criterion,
      ]),
    );
    return context.html(
      <EvaluationPage
        page={page}
        evaluation={evaluation}
        canRecord={kit.may(context, "evaluation.record")}
        values={values ?? suggested}
        problems={problems}
      />,
      problems.length > 0 ? 400 : 200,
    );
  };
  const evaluationPath = "/:id/evaluations/:evaluationId{[0-9]+}";
  router.get(evaluationPath, view, (context) => showEvaluation(context, undefined, []));
  router.post(
    evaluationPath,
    requirePermission(accounts, "evaluation.record", projectIdOf),
    async (context) => {
      const values = await kit.formOf(context);
      const { input, rename } = evaluationFromForm(values);
      const parsed = evaluationInput.safeParse(input);
      if (!parsed.success) {
        return showEvaluation(context, values, problemsFromZodError(parsed.error).map(rename));
      }
      const evaluationId = Number(context.req.param("evaluationId"));
      try {
        await recordEvaluation(
          db,
          projectIdOf(context),
          evaluationId,
          parsed.data,
          kit.actorOf(context),
        );
      } catch (error) {
        return showEvaluation(context, values, kit.inputProblems(error));
      }
      return kit.redirectTo(context, `/evaluations/${evaluationId}`);
    },
  );

  return router;
}

/**
 * Turns the evaluation form into the JSON shape of `evaluationInput`, dropping rows whose
 * criterion and score are both blank. `rename` maps a problem of the JSON shape back to the
 * form row it came from.
 */
export function evaluationFromForm(form: Record<string, string>): {
  input: Record<string, unknown>;
  rename: (problem: Problem) => Problem;
} {
  const rows: number[] = [];
  const scores: { criterion: string; score: string }[] = [];
  for (let row = 0; row < CRITERION_ROWS; row += 1) {
    const criterion = form[`scores.${row}.criterion`] ?? "";
    const score = form[`scores.${row}.score`] ?? "";
    if (criterion.trim() === "" && score.trim() === "") continue;
    rows.push(row);
    scores.push({ criterion, score });
  }
  const rename = (problem: Problem): Problem => {
    const match = /^scores\.(\d+)(\..*)?$/.exec(problem.path);
    const original = match ? rows[Number(match[1])] : undefined;
    if (!match || original === undefined) return problem;
    return { ...problem, path: `scores.${original}${match[2] ?? ""}` };
  };
  return { input: { scores, comment: form.comment ?? "" }, rename };
}
