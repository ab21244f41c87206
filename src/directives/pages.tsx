import type { ProjectRole } from "../db/types-accounts.js";
import type { Problem } from "../http/errors.js";
import { directiveStatusLabel, directiveStepLabel } from "../changes/labels.js";
import { ProjectTabs, projectPath } from "../reports/pages.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../workspace/pages/frame.js";
import { SelectField, TextAreaField } from "../workspace/pages/form-fields.js";
import { History, Timestamp } from "../workspace/pages/history.js";
import { roleLabel } from "../workspace/pages/labels.js";
import type { ProjectWorkPage } from "../workspace/project-pages.js";
import type { Directive, DirectiveSummary } from "./directives.js";

const ADDRESSED_ROLES: ProjectRole[] = [
  "prime_contractor",
  "subcontractor",
  "supervisor",
  "agency_official",
];

/** Renders the status of a directive, marked when it is overdue. */
function DirectiveStatus(props: { page: ProjectWorkPage; directive: DirectiveSummary }) {
  const { c } = props.page;
  const { directive } = props;
  return (
    <span class={`directive-status status-${directive.status}`}>
      {directiveStatusLabel(c, directive.status)}
      {directive.overdue ? <strong class="overdue">{` (${c.overdue})`}</strong> : null}
    </span>
  );
}

/** Renders a project's directives, open ones first, with the link to issue one. */
export function DirectiveListPage(props: {
  page: ProjectWorkPage;
  directives: DirectiveSummary[];
  organisationNames: Map<string, string>;
  canIssue: boolean;
}) {
  const { page, directives } = props;
  const { c } = page;
  const addressee = (directive: DirectiveSummary) => {
    const role = roleLabel(page.w, directive.addressedRole);
    const organisation = directive.addressedOrganisationId
      ? (props.organisationNames.get(directive.addressedOrganisationId) ??
        directive.addressedOrganisationId)
      : undefined;
    return organisation ? `${role}: ${organisation}` : role;
  };
  return (
    <WorkspaceFrame page={page} title={`${c.directives} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{c.directives}</h1>
      {props.canIssue ? (
        <p>
          <a class="button" href={projectPath(page, "/directives/new")}>
            {c.issueDirective}
          </a>
        </p>
      ) : null}
      {directives.length === 0 ? (
        <p>{c.noDirectives}</p>
      ) : (
        <div class="table-scroll">
          <table class="stack-table">
            <thead>
              <tr>
                <th scope="col">{c.directive}</th>
                <th scope="col">{c.addressedTo}</th>
                <th scope="col">{c.dueDate}</th>
                <th scope="col">{c.status}</th>
              </tr>
            </thead>
            <tbody>
              {directives.map((directive) => (
                <tr class={directive.overdue ? "overdue-row" : undefined}>
                  <td>
                    <a href={projectPath(page, `/directives/${directive.id}`)}>{directive.title}</a>
                  </td>
                  <td data-label={c.addressedTo}>{addressee(directive)}</td>
                  <td data-label={c.dueDate}>{directive.dueDate}</td>
                  <td data-label={c.status}>
                    <DirectiveStatus page={page} directive={directive} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WorkspaceFrame>
  );
}

/** Renders the form that issues a directive to a project role, or to one organisation in it. */
export function DirectiveFormPage(props: {
  page: ProjectWorkPage;
  organisations: { id: string; name: string }[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, values, problems } = props;
  const { c } = page;
  const labels = {
    title: c.directiveTitle,
    instruction: c.instruction,
    dueDate: c.dueDate,
    addressedRole: c.addressedTo,
    addressedOrganisationId: c.addressedOrganisation,
  };
  return (
    <WorkspaceFrame page={page} title={`${c.issueDirective} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{c.issueDirective}</h1>
      <form method="post" action={projectPath(page, "/directives")} class="form" novalidate>
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <Field
          name="title"
          label={c.directiveTitle}
          value={values.title}
          problems={problems}
          required
        />
        <TextAreaField
          name="instruction"
          label={c.instruction}
          hint={c.instructionHint}
          value={values.instruction}
          problems={problems}
          required
        />
        <Field
          name="dueDate"
          label={c.dueDate}
          type="date"
          value={values.dueDate}
          problems={problems}
          required
        />
        <SelectField
          name="addressedRole"
          label={c.addressedTo}
          value={values.addressedRole}
          options={ADDRESSED_ROLES.map((role) => ({
            value: role,
            label: roleLabel(page.w, role),
          }))}
          problems={problems}
        />
        <SelectField
          name="addressedOrganisationId"
          label={c.addressedOrganisation}
          value={values.addressedOrganisationId}
          options={[
            { value: "", label: c.anyOrganisation },
            ...props.organisations.map((organisation) => ({
              value: organisation.id,
              label: organisation.name,
            })),
          ]}
          problems={problems}
        />
        <div class="actions">
          <button type="submit">{c.submitDirective}</button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}

/** The steps a viewer may take on a directive. */
export interface DirectiveActions {
  report: boolean;
  close: boolean;
  reopen: boolean;
}

/** Renders one directive with its history and the forms of the steps the viewer may take. */
export function DirectivePage(props: {
  page: ProjectWorkPage;
  directive: Directive;
  organisationName: string | undefined;
  actions: DirectiveActions;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, directive, actions, values, problems } = props;
  const { c } = page;
  const action = (step: string) => projectPath(page, `/directives/${directive.id}/${step}`);
  const addressee = roleLabel(page.w, directive.addressedRole);
  return (
    <WorkspaceFrame page={page} title={`${directive.title} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <p>
        <a href={projectPath(page, "/directives")}>{c.directives}</a>
      </p>
      <h1>{directive.title}</h1>
      <dl class="facts record-facts">
        <dt>{c.status}</dt>
        <dd>
          <DirectiveStatus page={page} directive={directive} />
        </dd>
        <dt>{c.dueDate}</dt>
        <dd>{directive.dueDate}</dd>
        <dt>{c.addressedTo}</dt>
        <dd>{props.organisationName ? `${addressee}: ${props.organisationName}` : addressee}</dd>
        <dt>{c.issuedBy}</dt>
        <dd>
          {`${directive.issuedBy.displayName}, `}
          <Timestamp at={directive.issuedAt} />
        </dd>
      </dl>
      <h2>{c.instruction}</h2>
      <p class="prose">{directive.instruction}</p>
      {directive.status === "open" ? (
        <p class="muted">{c.waitingForReport.replace("{role}", addressee)}</p>
      ) : null}

      <ErrorSummary
        problems={problems}
        w={page.w}
        labels={{ text: c.actionReport, attachmentReferences: c.attachments, reason: c.reason }}
      />
      {actions.report ? (
        <form method="post" action={action("report")} class="form" novalidate>
          <h2>{c.answerDirective}</h2>
          <CsrfField token={page.csrfToken} />
          <TextAreaField
            name="text"
            label={c.actionReport}
            hint={c.actionReportHint}
            value={values.text}
            problems={problems}
            required
          />
          <TextAreaField
            name="attachmentReferences"
            label={c.attachments}
            hint={c.attachmentsHint}
            value={values.attachmentReferences}
            rows={2}
            problems={problems}
          />
          <div class="actions">
            <button type="submit">{c.submitActionReport}</button>
          </div>
        </form>
      ) : null}
      {actions.close || actions.reopen ? (
        <div class="review-actions">
          {actions.close ? (
            <form method="post" action={action("close")}>
              <CsrfField token={page.csrfToken} />
              <button type="submit">{c.closeDirective}</button>
            </form>
          ) : null}
          {actions.reopen ? (
            <form method="post" action={action("reopen")} class="form" novalidate>
              <CsrfField token={page.csrfToken} />
              <Field
                name="reason"
                label={c.reopenReason}
                hint={c.reopenHint}
                value={values.reason}
                problems={problems}
              />
              <div class="actions">
                <button type="submit" class="secondary">
                  {c.reopenDirective}
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}

      <History
        heading={c.history}
        entries={directive.steps.map((step) => ({
          what: directiveStepLabel(c, step.step),
          by: step.by.displayName,
          at: step.at,
          notes: [step.text ?? "", ...step.attachmentReferences].filter(Boolean),
        }))}
      />
    </WorkspaceFrame>
  );
}
