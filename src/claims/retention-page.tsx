/**
 * The workspace page of a project's retention (/workspace/projects/:id/retention): what paid
 * claims retained, what was released and what is held, and for the agency official the form
 * that releases it once the final inspection is recorded.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import type { Problem } from "../http/errors.js";
import { retentionMessages } from "../i18n/retention.js";
import { createFormatter } from "../portal/format.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { CsrfField, ErrorSummary, Field } from "../workspace/pages/frame.js";
import { SiteFrame, sitePath, type SitePage } from "../workspace/pages/site-page.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
import { releaseProjectRetention, retentionSummary, type RetentionSummary } from "./retention.js";
import { claimTables } from "./tables.js";

/** Renders the retention figures, the releases and, for those who may, the release form. */
export function RetentionPage(props: {
  page: SitePage;
  summary: RetentionSummary;
  canRelease: boolean;
  values: Record<string, string>;
  problems: Problem[];
  released: boolean;
}) {
  const { page, summary, values, problems } = props;
  const m = retentionMessages(page.t.language);
  const money = (amount: number) =>
    createFormatter(page.t.language, "UTC").money(amount, summary.currency);
  return (
    <SiteFrame page={page} title={m.title}>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {props.released ? (
        <p class="notice" role="status">
          {m.releasedNotice}
        </p>
      ) : null}
      <dl>
        <dt>{m.retained}</dt>
        <dd>{money(summary.retained)}</dd>
        <dt>{m.released}</dt>
        <dd>{money(summary.released)}</dd>
        <dt>{m.held}</dt>
        <dd>{money(summary.held)}</dd>
        <dt>{m.finalInspection}</dt>
        <dd>{summary.finalInspectionAt?.slice(0, 10) ?? m.notInspected}</dd>
      </dl>
      {summary.releases.length > 0 ? (
        <>
          <h2>{m.releases}</h2>
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">{m.share}</th>
                <th scope="col">{m.amount}</th>
                <th scope="col">{m.paid}</th>
                <th scope="col">{m.inPayment}</th>
              </tr>
            </thead>
            <tbody>
              {summary.releases.map((release) => (
                <tr>
                  <td data-label={m.share}>{release.shareId}</td>
                  <td data-label={m.amount}>{money(release.amount)}</td>
                  <td data-label={m.paid}>{money(release.paid)}</td>
                  <td data-label={m.inPayment}>{money(release.inPayment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {props.canRelease ? (
        <form method="post" action={sitePath(page, "/retention")} class="form" novalidate>
          <h2>{m.releaseTitle}</h2>
          <ErrorSummary
            problems={problems}
            w={page.w}
            labels={{ executionDate: m.executionDate }}
          />
          <CsrfField token={page.csrfToken} />
          <Field
            name="executionDate"
            type="date"
            label={m.executionDate}
            hint={m.executionDateHint}
            value={values.executionDate}
            problems={problems}
          />
          <button type="submit">{m.release}</button>
        </form>
      ) : null}
    </SiteFrame>
  );
}

/** Adds the retention page and its release form to the project router. */
export function addRetentionPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const db = claimTables(tools.accounts.db);
  // As the API does: the server passes its configured bank; tests that pass none pay through
  // a simulated bank.
  const bank = tools.dependencies.bank ?? new SimulatedBank();
  const show = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 409 = 200,
  ) => {
    const summary = await retentionSummary(db, tools.projectIdOf(context));
    return context.html(
      <RetentionPage
        page={await tools.pageOf(context)}
        summary={summary}
        canRelease={tools.may(context, "payment.retention.release")}
        values={values}
        problems={problems}
        released={context.req.query("released") === "1" && problems.length === 0}
      />,
      status,
    );
  };

  router.get("/:id/retention", tools.read("payment.view"), (context) => show(context, {}, []));

  router.post("/:id/retention", tools.post("payment.retention.release"), async (context) => {
    const values = await tools.formOf(context);
    const executionDate = (values.executionDate ?? "").trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(executionDate)) {
      const problem = { path: "executionDate", message: "must be a date YYYY-MM-DD" };
      return show(context, values, [problem], 400);
    }
    try {
      await releaseProjectRetention(db, bank, tools.projectIdOf(context), executionDate, {
        userId: context.get("principal")!.userId,
        now: tools.accounts.clock(),
      });
    } catch (error) {
      const status = (error as { status?: number }).status === 409 ? 409 : 400;
      return show(context, values, tools.inputProblems(error), status);
    }
    return tools.redirectTo(context, "/retention?released=1");
  });
}
