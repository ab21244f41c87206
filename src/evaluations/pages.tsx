import type { EvaluationSubject } from "../db/types-safety-evaluations.js";
import type { Problem } from "../http/errors.js";
import type { EvaluationMessages } from "../i18n/evaluations.js";
import { Lines, ProjectTabs, projectPath } from "../reports/pages.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../workspace/pages/frame.js";
import { TextAreaField } from "../workspace/pages/form-fields.js";
import { Timestamp } from "../workspace/pages/history.js";
import type { ProjectWorkPage } from "../workspace/project-pages.js";
import type { Evaluation } from "./evaluations.js";

/** The number of criterion rows the form offers. */
export const CRITERION_ROWS = 6;

/** Returns the label of an evaluation's subject. */
export function subjectLabel(e: EvaluationMessages, subject: EvaluationSubject): string {
  const labels: Record<EvaluationSubject, string> = {
    design: e.subjectDesign,
    construction: e.subjectConstruction,
    supervision: e.subjectSupervision,
  };
  return labels[subject];
}

/** Returns the criteria the form suggests for a subject, in the page's language. */
export function suggestedCriteria(e: EvaluationMessages, subject: EvaluationSubject): string[] {
  const suggestions: Record<EvaluationSubject, string[]> = {
    design: e.suggestedDesign,
    construction: e.suggestedConstruction,
    supervision: e.suggestedSupervision,
  };
  return suggestions[subject];
}

function statusLabel(e: EvaluationMessages, status: Evaluation["status"]): string {
  return status === "pending" ? e.statusPending : e.statusRecorded;
}

/** A project's performance evaluations by threshold and subject. */
export function EvaluationListPage(props: {
  page: ProjectWorkPage;
  evaluations: Evaluation[];
  shortTerm: boolean;
}) {
  const { page, evaluations } = props;
  const { e } = page;
  return (
    <WorkspaceFrame page={page} title={`${e.evaluations} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{e.evaluations}</h1>
      {props.shortTerm ? <p>{e.shortTerm}</p> : null}
      {!props.shortTerm && evaluations.length === 0 ? <p>{e.noEvaluations}</p> : null}
      {evaluations.length > 0 ? (
        <div class="table-scroll">
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">{e.subject}</th>
                <th scope="col">{e.threshold}</th>
                <th scope="col">{e.status}</th>
                <th scope="col" class="number">
                  {e.averageScore}
                </th>
                <th scope="col">{e.requestedAt}</th>
              </tr>
            </thead>
            <tbody>
              {evaluations.map((evaluation) => (
                <tr>
                  <td>
                    <a href={projectPath(page, `/evaluations/${evaluation.id}`)}>
                      {subjectLabel(e, evaluation.subject)}
                    </a>
                  </td>
                  <td data-label={e.threshold}>{`${evaluation.threshold} %`}</td>
                  <td data-label={e.status}>{statusLabel(e, evaluation.status)}</td>
                  <td class="number" data-label={e.averageScore}>
                    {evaluation.averageScore ?? "–"}
                  </td>
                  <td data-label={e.requestedAt}>
                    {evaluation.requestedAt.toISOString().slice(0, 10)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </WorkspaceFrame>
  );
}

/** One evaluation: its scores once recorded, else the form that records it. */
export function EvaluationPage(props: {
  page: ProjectWorkPage;
  evaluation: Evaluation;
  canRecord: boolean;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, evaluation, values, problems } = props;
  const { e } = page;
  const heading = `${e.evaluation}: ${subjectLabel(e, evaluation.subject)}, ${evaluation.threshold} %`;
  const labels: Record<string, string> = { scores: e.scores, comment: e.comment };
  for (let row = 0; row < CRITERION_ROWS; row += 1) {
    labels[`scores.${row}.criterion`] = `${e.criterion} ${row + 1}`;
    labels[`scores.${row}.score`] = `${e.score} ${row + 1}`;
  }
  return (
    <WorkspaceFrame page={page} title={`${heading} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <p>
        <a href={projectPath(page, "/evaluations")}>{e.evaluations}</a>
      </p>
      <h1>{heading}</h1>
      <dl class="facts record-facts">
        <dt>{e.status}</dt>
        <dd class={`evaluation-status status-${evaluation.status}`}>
          {statusLabel(e, evaluation.status)}
        </dd>
        <dt>{e.requestedAt}</dt>
        <dd>
          <Timestamp at={evaluation.requestedAt} />
        </dd>
        <dt>{e.progressAtRequest}</dt>
        <dd>{`${evaluation.progressPercent} %`}</dd>
        {evaluation.recordedBy && evaluation.recordedAt ? (
          <>
            <dt>{e.recordedBy}</dt>
            <dd>
              {`${evaluation.recordedBy.displayName}, `}
              <Timestamp at={evaluation.recordedAt} />
            </dd>
            <dt>{e.averageScore}</dt>
            <dd>{evaluation.averageScore}</dd>
          </>
        ) : null}
      </dl>
      <Lines
        heading={e.scores}
        head={[e.criterion, e.score]}
        rows={evaluation.scores.map((line) => [line.criterion, line.score])}
      />
      {evaluation.comment ? (
        <>
          <h2>{e.comment}</h2>
          <p class="prose">{evaluation.comment}</p>
        </>
      ) : null}
      <ErrorSummary problems={problems} w={page.w} labels={labels} />
      {evaluation.status === "pending" && !props.canRecord ? (
        <p class="muted">{e.waitingForAgency}</p>
      ) : null}
      {evaluation.status === "pending" && props.canRecord ? (
        <form
          method="post"
          action={projectPath(page, `/evaluations/${evaluation.id}`)}
          class="form"
          novalidate
        >
          <CsrfField token={page.csrfToken} />
          <fieldset class="rows score-rows">
            <legend>{e.scores}</legend>
            <p class="hint" id="field-scores">
              {e.scoresHint}
            </p>
            {Array.from({ length: CRITERION_ROWS }, (_, row) => (
              <div class="row">
                <Field
                  name={`scores.${row}.criterion`}
                  label={`${e.criterion} ${row + 1}`}
                  value={values[`scores.${row}.criterion`]}
                  problems={problems}
                />
                <Field
                  name={`scores.${row}.score`}
                  label={`${e.score} ${row + 1}`}
                  value={values[`scores.${row}.score`]}
                  problems={problems}
                  inputmode="numeric"
                />
              </div>
            ))}
          </fieldset>
          <TextAreaField
            name="comment"
            label={e.comment}
            value={values.comment}
            problems={problems}
          />
          <div class="actions">
            <button type="submit">{e.record}</button>
          </div>
        </form>
      ) : null}
    </WorkspaceFrame>
  );
}
