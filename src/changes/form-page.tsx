import type { Problem } from "../http/errors.js";
import { ProjectTabs, projectPath } from "../reports/pages.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../workspace/pages/frame.js";
import { SelectField, TextAreaField } from "../workspace/pages/form-fields.js";
import type { ProjectWorkPage } from "../workspace/project-pages.js";
import { KIND_SLUGS } from "./page.js";
import type { ChangeKind } from "./tables.js";

/** A read-only date of the form, with the error that points at it, if any. */
function DateFact(props: { name: string; label: string; value: string; problems: Problem[] }) {
  const error = props.problems.find((problem) => problem.path === props.name);
  return (
    <div class="field">
      <span class="label">{props.label}</span>
      {error ? <p class="field-error">{error.message}</p> : null}
      <p id={`field-${props.name}`} class={`date-fact ${props.name}`} aria-live="polite">
        <strong>{props.value}</strong>
      </p>
    </div>
  );
}

/**
 * The form of a design change, a time extension or a penalty. A time extension starts from the
 * completion date in force. The server computes its new date and shows it on request, before
 * anything is stored.
 */
export function ChangeFormPage(props: {
  page: ProjectWorkPage;
  kind: ChangeKind;
  /** The completion date in force, for a time extension. */
  completionDate: string | null;
  /** The new completion date computed from the days given, once asked for. */
  newCompletionDate: string | undefined;
  organisations: { id: string; name: string }[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, kind, values, problems } = props;
  const { c } = page;
  const titles: Record<ChangeKind, string> = {
    design_change: c.requestDesignChange,
    time_extension: c.requestTimeExtension,
    penalty: c.issuePenalty,
  };
  const descriptionLabels: Record<ChangeKind, string> = {
    design_change: c.scope,
    time_extension: c.extensionFor,
    penalty: c.penaltyFor,
  };
  const labels: Record<string, string> = {
    description: descriptionLabels[kind],
    reason: c.reason,
    costImpact: c.costImpact,
    amount: c.amount,
    currency: c.currency,
    days: c.days,
    oldCompletionDate: c.oldCompletionDate,
    newCompletionDate: c.newCompletionDate,
    againstOrganisationId: c.againstOrganisation,
  };
  const currency = (
    <Field
      name="currency"
      label={c.currency}
      value={values.currency ?? page.contractCurrency}
      problems={problems}
      required
    />
  );
  return (
    <WorkspaceFrame page={page} title={`${titles[kind]} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <p>
        <a href={projectPath(page, "/changes")}>{c.changesLong}</a>
      </p>
      <h1>{titles[kind]}</h1>
      <form
        method="post"
        action={projectPath(page, `/changes/new/${KIND_SLUGS[kind]}`)}
        class="form"
        novalidate
        data-extension-form={kind === "time_extension" ? "" : undefined}
      >
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <TextAreaField
          name="description"
          label={descriptionLabels[kind]}
          hint={kind === "design_change" ? c.scopeHint : undefined}
          value={values.description}
          rows={3}
          problems={problems}
          required
        />
        <TextAreaField
          name="reason"
          label={c.reason}
          hint={kind === "penalty" ? undefined : c.reasonHint}
          value={values.reason}
          rows={3}
          problems={problems}
          required
        />
        {kind === "design_change" ? (
          <>
            <Field
              name="costImpact"
              label={c.costImpact}
              hint={c.costImpactHint}
              value={values.costImpact}
              problems={problems}
              inputmode="text"
              required
            />
            {currency}
          </>
        ) : null}
        {kind === "penalty" ? (
          <>
            <SelectField
              name="againstOrganisationId"
              label={c.againstOrganisation}
              value={values.againstOrganisationId}
              options={[
                { value: "", label: c.chooseOrganisation },
                ...props.organisations.map((organisation) => ({
                  value: organisation.id,
                  label: organisation.name,
                })),
              ]}
              problems={problems}
            />
            <Field
              name="amount"
              label={c.amount}
              value={values.amount}
              problems={problems}
              inputmode="decimal"
              required
            />
            {currency}
          </>
        ) : null}
        {kind === "time_extension" ? (
          <>
            <input type="hidden" name="oldCompletionDate" value={props.completionDate ?? ""} />
            <DateFact
              name="oldCompletionDate"
              label={c.oldCompletionDate}
              value={props.completionDate ?? c.noCompletionDate}
              problems={problems}
            />
            <Field
              name="days"
              label={c.days}
              value={values.days}
              problems={problems}
              inputmode="numeric"
              required
            />
            <DateFact
              name="newCompletionDate"
              label={c.newCompletionDate}
              value={props.newCompletionDate ?? "–"}
              problems={problems}
            />
            <p class="hint">{c.newDateHint}</p>
          </>
        ) : null}
        <div class="form-actions">
          {kind === "time_extension" ? (
            <button type="submit" name="intent" value="preview" class="secondary">
              {c.showNewDate}
            </button>
          ) : null}
          <button type="submit" name="intent" value="submit">
            {kind === "penalty" ? c.submitPenalty : c.submitRequest}
          </button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}
