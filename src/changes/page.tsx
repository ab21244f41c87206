import type { Problem } from "../http/errors.js";
import { ProjectTabs, projectPath } from "../reports/pages.js";
import { formatMoney } from "../shared/money.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../workspace/pages/frame.js";
import { History, Timestamp } from "../workspace/pages/history.js";
import type { ProjectWorkPage } from "../workspace/project-pages.js";
import type { ChangeRequest, ChangeStep } from "./changes.js";
import { changeKindLabel, changeStatusLabel } from "./labels.js";
import type { ChangeKind } from "./tables.js";

type ChangeSummary = Omit<ChangeRequest, "steps">;

/** The path segment of each kind's request form. */
export const KIND_SLUGS: Record<ChangeKind, string> = {
  design_change: "design-change",
  time_extension: "time-extension",
  penalty: "penalty",
};

/** Formats the money or the dates a change request moves as one line. */
function impactOf(page: ProjectWorkPage, change: ChangeSummary): string {
  if (change.kind === "time_extension") {
    return `${change.oldCompletionDate} → ${change.newCompletionDate} (+${change.days})`;
  }
  return change.amount !== null && change.currency !== null
    ? formatMoney(change.amount, change.currency, page.t.language)
    : "";
}

/**
 * A project's design changes, time extensions and penalties, newest first, with the links to
 * the request forms the viewer may use.
 */
export function ChangesPage(props: {
  page: ProjectWorkPage;
  changes: ChangeSummary[];
  /** The kinds the viewer may request or issue. */
  kinds: ChangeKind[];
}) {
  const { page, changes } = props;
  const { c } = page;
  const formTitles: Record<ChangeKind, string> = {
    design_change: c.requestDesignChange,
    time_extension: c.requestTimeExtension,
    penalty: c.issuePenalty,
  };
  return (
    <WorkspaceFrame page={page} title={`${c.changesLong} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{c.changesLong}</h1>
      {props.kinds.length > 0 ? (
        <p class="button-row">
          {props.kinds.map((kind) => (
            <a class="button" href={projectPath(page, `/changes/new/${KIND_SLUGS[kind]}`)}>
              {formTitles[kind]}
            </a>
          ))}
        </p>
      ) : null}
      {changes.length === 0 ? (
        <p>{c.noChanges}</p>
      ) : (
        <div class="table-scroll">
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">{c.kind}</th>
                <th scope="col">{c.status}</th>
                <th scope="col">{c.impact}</th>
                <th scope="col">{c.description}</th>
                <th scope="col">{c.requestedBy}</th>
                <th scope="col">{c.published}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr>
                  <td>
                    <a href={projectPath(page, `/changes/${change.id}`)}>
                      {changeKindLabel(c, change.kind)}
                    </a>
                  </td>
                  <td data-label={c.status}>{changeStatusLabel(c, change.status)}</td>
                  <td data-label={c.impact}>{impactOf(page, change)}</td>
                  <td data-label={c.description}>{change.description}</td>
                  <td data-label={c.requestedBy}>{change.requestedBy.displayName}</td>
                  <td data-label={c.published}>{change.published ? c.yes : c.no}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WorkspaceFrame>
  );
}

/** One change request with its history and the review steps the viewer may take. */
export function ChangePage(props: {
  page: ProjectWorkPage;
  change: ChangeRequest;
  againstOrganisation: string | undefined;
  steps: ChangeStep[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, change, steps, problems } = props;
  const { c } = page;
  const kind = changeKindLabel(c, change.kind);
  const action = (step: ChangeStep) => projectPath(page, `/changes/${change.id}/${step}`);
  const waiting =
    change.status === "requested"
      ? c.waitingForReview
      : change.status === "reviewed"
        ? c.waitingForApproval
        : undefined;
  return (
    <WorkspaceFrame page={page} title={`${kind} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <p>
        <a href={projectPath(page, "/changes")}>{c.changesLong}</a>
      </p>
      <h1>{kind}</h1>
      <dl class="facts record-facts">
        <dt>{c.status}</dt>
        <dd class={`change-status status-${change.status}`}>
          {changeStatusLabel(c, change.status)}
        </dd>
        <dt>{c.requestedBy}</dt>
        <dd>
          {`${change.requestedBy.displayName}, `}
          <Timestamp at={change.requestedAt} />
        </dd>
        {change.kind === "time_extension" ? (
          <>
            <dt>{c.days}</dt>
            <dd>{change.days}</dd>
            <dt>{c.oldCompletionDate}</dt>
            <dd>{change.oldCompletionDate}</dd>
            <dt>{c.newCompletionDate}</dt>
            <dd class="new-completion-date">{change.newCompletionDate}</dd>
          </>
        ) : (
          <>
            <dt>{change.kind === "penalty" ? c.amount : c.costImpact}</dt>
            <dd>{impactOf(page, change)}</dd>
          </>
        )}
        {props.againstOrganisation ? (
          <>
            <dt>{c.againstOrganisation}</dt>
            <dd>{props.againstOrganisation}</dd>
          </>
        ) : null}
        <dt>{c.published}</dt>
        <dd>{change.published ? c.yes : c.no}</dd>
      </dl>
      <h2>{c.description}</h2>
      <p class="prose">{change.description}</p>
      <h2>{c.reason}</h2>
      <p class="prose">{change.reason}</p>
      {waiting ? <p class="muted">{waiting}</p> : null}

      <ErrorSummary problems={problems} w={page.w} labels={{ comment: c.comment }} />
      {steps.length > 0 ? (
        <div class="review-actions">
          {steps.includes("review") ? (
            <form method="post" action={action("review")}>
              <CsrfField token={page.csrfToken} />
              <button type="submit">{c.review}</button>
            </form>
          ) : null}
          {steps.includes("approve") ? (
            <form method="post" action={action("approve")}>
              <CsrfField token={page.csrfToken} />
              <button type="submit">{c.approve}</button>
            </form>
          ) : null}
          {steps.includes("reject") ? (
            <form method="post" action={action("reject")} class="form" novalidate>
              <CsrfField token={page.csrfToken} />
              <Field
                name="comment"
                label={c.comment}
                hint={c.commentHint}
                value={props.values.comment}
                problems={problems}
              />
              <div class="actions">
                <button type="submit" class="secondary">
                  {c.reject}
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}

      <History
        heading={c.history}
        entries={change.steps.map((step) => ({
          what: changeStatusLabel(c, step.to),
          by: step.by.displayName,
          at: step.at,
          notes: step.comment ? [step.comment] : [],
        }))}
      />
    </WorkspaceFrame>
  );
}
