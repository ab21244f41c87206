import type { Problem } from "../http/errors.js";
import { formatMoney } from "../shared/money.js";
import {
  Lines,
  ProjectTabs,
  projectPath,
  statusLabel,
  type ReportsPage,
} from "../reports/pages.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../workspace/pages/frame.js";
import type { WorkSchedule } from "./schedules.js";

/**
 * The work schedule: the version on show (the pending one, else the approved one) with its
 * items and planned periods, every version, the agency's decision buttons and the prime
 * contractor's form for a new version.
 */
export function SchedulePage(props: {
  page: ReportsPage;
  shown: WorkSchedule | undefined;
  versions: { version: number; status: WorkSchedule["status"]; rejectionReason: string | null }[];
  canSubmit: boolean;
  canDecide: boolean;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, shown, values, problems } = props;
  const { r } = page;
  const decide = (decision: string) =>
    projectPath(page, `/schedule/${shown?.version ?? 0}/${decision}`);
  return (
    <WorkspaceFrame page={page} title={`${r.schedule} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{r.schedule}</h1>
      {shown ? (
        <>
          <p>{`${r.version} ${shown.version}: ${statusLabel(r, shown.status)}`}</p>
          <Lines
            heading={r.itemsField}
            head={[r.code, r.item, r.unit, r.quantity, r.unitPrice, r.weight]}
            rows={shown.items.map((item) => [
              item.code,
              item.description,
              item.unit,
              item.quantity,
              formatMoney(item.unitPrice, shown.currency, page.t.language),
              item.weight,
            ])}
          />
          <Lines
            heading={r.periodsField}
            head={[r.periodEnd, r.plannedPercent]}
            rows={shown.periods.map((period) => [period.end, period.plannedPercent])}
          />
          {props.canDecide && shown.status === "submitted" ? (
            <div class="review-actions">
              <form method="post" action={decide("approve")}>
                <CsrfField token={page.csrfToken} />
                <button type="submit">{r.approve}</button>
              </form>
              <form method="post" action={decide("reject")} class="form">
                <CsrfField token={page.csrfToken} />
                <Field name="reason" label={r.reason} hint={r.reasonHint} problems={problems} />
                <button type="submit" class="secondary">
                  {r.reject}
                </button>
              </form>
            </div>
          ) : null}
        </>
      ) : (
        <p>{r.noSchedule}</p>
      )}
      <Lines
        heading={r.versions}
        head={[r.version, r.status, r.reason]}
        rows={props.versions.map((version) => [
          version.version,
          statusLabel(r, version.status),
          version.rejectionReason ?? "",
        ])}
      />
      {props.canSubmit ? (
        <form method="post" action={projectPath(page, "/schedule")} class="form" novalidate>
          <h2>{r.submitSchedule}</h2>
          <ErrorSummary
            problems={problems}
            w={page.w}
            labels={{ items: r.itemsField, periods: r.periodsField, periodUnit: r.periodUnit }}
          />
          <CsrfField token={page.csrfToken} />
          <div class="field">
            <label for="field-periodUnit">{r.periodUnit}</label>
            <select id="field-periodUnit" name="periodUnit">
              <option value="month" selected={values.periodUnit !== "week"}>
                {r.month}
              </option>
              <option value="week" selected={values.periodUnit === "week"}>
                {r.week}
              </option>
            </select>
          </div>
          <div class="field">
            <label for="field-items">{r.itemsField}</label>
            <p class="hint">{r.itemsHint}</p>
            <textarea id="field-items" name="items" rows={6}>
              {values.items ?? ""}
            </textarea>
          </div>
          <div class="field">
            <label for="field-periods">{r.periodsField}</label>
            <p class="hint">{r.periodsHint}</p>
            <textarea id="field-periods" name="periods" rows={6}>
              {values.periods ?? ""}
            </textarea>
          </div>
          <Field name="note" label={r.note} value={values.note} problems={problems} />
          <div class="actions">
            <button type="submit">{r.submitSchedule}</button>
          </div>
        </form>
      ) : null}
    </WorkspaceFrame>
  );
}
