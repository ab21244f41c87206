import type { Problem } from "../http/errors.js";
import type { ReportStatus, ScheduleStatus } from "../db/types-schedule-reports.js";
import { changeMessages } from "../i18n/changes.js";
import { evaluationMessages } from "../i18n/evaluations.js";
import type { ScheduleReportMessages } from "../i18n/schedule-reports.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  WorkspaceFrame,
  type WorkspacePage,
} from "../workspace/pages/frame.js";
import type { DailyReport, ReportStep } from "./daily-reports.js";
import type { Rollup } from "./rollups.js";

/** Context of the schedule and report pages: the workspace page, their labels and the project. */
export interface ReportsPage extends WorkspacePage {
  r: ScheduleReportMessages;
  projectId: string;
  projectTitle: string;
}

/** Returns the label of a report or schedule status. */
export function statusLabel(r: ScheduleReportMessages, status: ReportStatus | ScheduleStatus) {
  const labels: Record<ReportStatus | ScheduleStatus, string> = {
    submitted: r.statusSubmitted,
    reviewed: r.statusReviewed,
    approved: r.statusApproved,
    rejected: r.statusRejected,
    superseded: r.statusSuperseded,
  };
  return labels[status];
}

/** The project's path in the workspace. */
export function projectPath(page: ReportsPage, rest = ""): string {
  return `/workspace/projects/${encodeURIComponent(page.projectId)}${rest}`;
}

/** Links between the project's overview, schedule, reports, directives, changes and evaluations. */
export function ProjectTabs(props: { page: ReportsPage }) {
  const { page } = props;
  const c = changeMessages(page.t.language);
  const e = evaluationMessages(page.t.language);
  return (
    <nav aria-label={page.projectTitle} class="workspace-tabs">
      <a href={projectPath(page)}>{page.projectTitle}</a>
      {" · "}
      <a href={projectPath(page, "/schedule")}>{page.r.schedule}</a>
      {" · "}
      <a href={projectPath(page, "/reports")}>{page.r.reports}</a>
      {" · "}
      <a href={projectPath(page, "/directives")}>{c.directives}</a>
      {" · "}
      <a href={projectPath(page, "/changes")}>{c.changes}</a>
      {" · "}
      <a href={projectPath(page, "/evaluations")}>{e.evaluations}</a>
    </nav>
  );
}

/** The list of daily reports, newest day first, with links to the roll-ups. */
export function ReportListPage(props: {
  page: ReportsPage;
  reports: { id: number; date: string; version: number; status: ReportStatus; workers: number }[];
  canSubmit: boolean;
  today: string;
  /** Short-term projects have no daily reports. */
  shortTerm: boolean;
}) {
  const { page, reports } = props;
  const { r } = page;
  return (
    <WorkspaceFrame page={page} title={`${r.reports} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{r.reports}</h1>
      {props.canSubmit ? (
        <p>
          <a class="button" href={projectPath(page, "/reports/new")}>
            {r.newReport}
          </a>
        </p>
      ) : null}
      <p>
        <a href={projectPath(page, `/reports/weekly?date=${props.today}`)}>{r.weekly}</a>
        {" · "}
        <a href={projectPath(page, `/reports/monthly?month=${props.today.slice(0, 7)}`)}>
          {r.monthly}
        </a>
      </p>
      {reports.length === 0 ? (
        <p>{props.shortTerm ? r.shortTermNoReports : r.noReports}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{r.date}</th>
                <th scope="col">{r.status}</th>
                <th scope="col" class="number">
                  {r.workers}
                </th>
                <th scope="col">{r.version}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr>
                  <td>
                    <a href={projectPath(page, `/reports/${report.id}`)}>{report.date}</a>
                  </td>
                  <td>{statusLabel(r, report.status)}</td>
                  <td class="number">{report.workers}</td>
                  <td>{report.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </WorkspaceFrame>
  );
}

const BLANK_ROWS = 3;

function RowFields(props: {
  list: string;
  legend: string;
  columns: { field: string; label: string; inputmode?: "decimal" | "numeric" }[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const used = Object.keys(props.values)
    .map((name) => new RegExp(`^${props.list}\\.(\\d+)\\.`).exec(name))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]) + 1);
  const count = Math.max(BLANK_ROWS, ...used);
  return (
    <fieldset class="rows">
      <legend>{props.legend}</legend>
      {Array.from({ length: count }, (_, row) => (
        <div class="row">
          {props.columns.map((column) => (
            <Field
              name={`${props.list}.${row}.${column.field}`}
              label={`${column.label} ${row + 1}`}
              value={props.values[`${props.list}.${row}.${column.field}`]}
              problems={props.problems}
              {...(column.inputmode ? { inputmode: column.inputmode } : {})}
            />
          ))}
        </div>
      ))}
    </fieldset>
  );
}

/** The daily report form: a phone at the site fills it top to bottom. */
export function DailyReportFormPage(props: {
  page: ReportsPage;
  items: { code: string; description: string; unit: string; remaining: number }[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, values, problems } = props;
  const { r } = page;
  const labels: Record<string, string> = { date: r.date, weather: r.weather, issues: r.issues };
  const rowLabels: Record<string, [string, Record<string, string>]> = {
    manpower: [r.manpower, { trade: r.trade, count: r.workers }],
    equipment: [r.equipment, { kind: r.kind, count: r.count }],
    materials: [r.materials, { material: r.material, quantity: r.quantity, unit: r.unit }],
  };
  problems.forEach((problem) => {
    const match = /^(\w+)\.(\d+)\.(\w+)$/.exec(problem.path);
    if (!match) return;
    const [, list, row, field] = match as unknown as [string, string, string, string];
    const item = list === "work" ? props.items[Number(row)] : undefined;
    const rowLabel = rowLabels[list];
    if (item) labels[problem.path] = `${r.workDone}: ${item.code}`;
    else if (rowLabel) {
      labels[problem.path] = `${rowLabel[0]}, ${rowLabel[1][field] ?? field} ${Number(row) + 1}`;
    }
  });
  return (
    <WorkspaceFrame page={page} title={`${r.newReport} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{r.newReport}</h1>
      <form method="post" action={projectPath(page, "/reports")} class="form" novalidate>
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <Field
          name="date"
          label={r.date}
          type="date"
          value={values.date}
          problems={problems}
          required
        />
        <Field
          name="weather"
          label={r.weather}
          value={values.weather}
          problems={problems}
          required
        />
        <RowFields
          list="manpower"
          legend={r.manpower}
          columns={[
            { field: "trade", label: r.trade },
            { field: "count", label: r.workers, inputmode: "numeric" },
          ]}
          values={values}
          problems={problems}
        />
        <RowFields
          list="equipment"
          legend={r.equipment}
          columns={[
            { field: "kind", label: r.kind },
            { field: "count", label: r.count, inputmode: "numeric" },
          ]}
          values={values}
          problems={problems}
        />
        <RowFields
          list="materials"
          legend={r.materials}
          columns={[
            { field: "material", label: r.material },
            { field: "quantity", label: r.quantity, inputmode: "decimal" },
            { field: "unit", label: r.unit },
          ]}
          values={values}
          problems={problems}
        />
        <fieldset class="rows">
          <legend>{r.workDone}</legend>
          {props.items.length === 0 ? <p class="hint">{r.noScheduleForReport}</p> : null}
          {props.items.map((item, index) => (
            <div class="row">
              <input type="hidden" name={`work.${index}.itemCode`} value={item.code} />
              <Field
                name={`work.${index}.quantity`}
                label={`${item.code} ${item.description} (${item.unit})`}
                hint={`${r.remaining}: ${item.remaining} ${item.unit}`}
                value={values[`work.${index}.quantity`]}
                problems={problems}
                inputmode="decimal"
              />
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="field-issues">{r.issues}</label>
          <textarea id="field-issues" name="issues" rows={3}>
            {values.issues ?? ""}
          </textarea>
        </div>
        <div class="field">
          <label for="field-photoReferences">{r.photos}</label>
          <p class="hint">{r.photosHint}</p>
          <textarea id="field-photoReferences" name="photoReferences" rows={2}>
            {values.photoReferences ?? ""}
          </textarea>
        </div>
        <div class="actions">
          <button type="submit">{r.submitReport}</button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}

/** One daily report with its status history and the steps the viewer may take. */
export function DailyReportPage(props: {
  page: ReportsPage;
  report: DailyReport;
  steps: ReportStep[];
  problems: Problem[];
}) {
  const { page, report, problems } = props;
  const { r } = page;
  const action = (step: ReportStep) => projectPath(page, `/reports/${report.id}/${step}`);
  return (
    <WorkspaceFrame page={page} title={`${r.reports} ${report.date} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{`${r.reports}: ${report.date}`}</h1>
      <dl class="facts">
        <dt>{r.status}</dt>
        <dd class={`report-status status-${report.status}`}>{statusLabel(r, report.status)}</dd>
        <dt>{r.version}</dt>
        <dd>{report.version}</dd>
        <dt>{r.weather}</dt>
        <dd>{report.weather}</dd>
      </dl>
      <ErrorSummary problems={problems} w={page.w} labels={{ reason: r.reason }} />
      {props.steps.length > 0 ? (
        <div class="review-actions">
          {props.steps.includes("review") ? (
            <form method="post" action={action("review")}>
              <CsrfField token={page.csrfToken} />
              <button type="submit">{r.review}</button>
            </form>
          ) : null}
          {props.steps.includes("approve") ? (
            <form method="post" action={action("approve")}>
              <CsrfField token={page.csrfToken} />
              <button type="submit">{r.approve}</button>
            </form>
          ) : null}
          {props.steps.includes("reject") ? (
            <form method="post" action={action("reject")} class="form">
              <CsrfField token={page.csrfToken} />
              <Field name="reason" label={r.reason} hint={r.reasonHint} problems={problems} />
              <button type="submit" class="secondary">
                {r.reject}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <Lines
        heading={r.manpower}
        head={[r.trade, r.workers]}
        rows={report.manpower.map((line) => [line.trade, line.count])}
      />
      <Lines
        heading={r.equipment}
        head={[r.kind, r.count]}
        rows={report.equipment.map((line) => [line.kind, line.count])}
      />
      <Lines
        heading={r.materials}
        head={[r.material, r.quantity, r.unit]}
        rows={report.materials.map((line) => [line.material, line.quantity, line.unit])}
      />
      <Lines
        heading={r.workDone}
        head={[r.code, r.item, r.quantity, r.unit]}
        rows={report.work.map((line) => [
          line.itemCode,
          line.description ?? "",
          line.quantity,
          line.unit ?? "",
        ])}
      />
      {report.issues ? (
        <>
          <h2>{r.issues}</h2>
          <p>{report.issues}</p>
        </>
      ) : null}
      {report.photoReferences.length > 0 ? (
        <>
          <h2>{r.photos}</h2>
          <ul>
            {report.photoReferences.map((reference) => (
              <li class="break">{reference}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Lines
        heading={r.history}
        head={[r.status, r.by, r.when, r.reason]}
        rows={report.transitions.map((transition) => [
          statusLabel(r, transition.to),
          transition.by.displayName,
          transition.at.toISOString().replace("T", " ").slice(0, 16) + " UTC",
          transition.reason ?? "",
        ])}
      />
      {report.versions.length > 1 ? (
        <>
          <h2>{r.versions}</h2>
          <ul>
            {report.versions.map((version) => (
              <li>
                <a href={projectPath(page, `/reports/${version.id}`)}>
                  {`${r.version} ${version.version}: ${statusLabel(r, version.status)}`}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </WorkspaceFrame>
  );
}

/** A small table under a heading, left out when it has no rows. */
export function Lines(props: { heading: string; head: string[]; rows: (string | number)[][] }) {
  if (props.rows.length === 0) return null;
  return (
    <>
      <h2>{props.heading}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              {props.head.map((cell) => (
                <th scope="col">{cell}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                {row.map((cell) => (
                  <td class={typeof cell === "number" ? "number" : undefined}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A weekly or monthly roll-up of the approved daily reports. */
export function RollupPage(props: { page: ReportsPage; rollup: Rollup }) {
  const { page, rollup } = props;
  const { r } = page;
  const heading = `${rollup.period === "week" ? r.weekly : r.monthly}: ${rollup.from} – ${rollup.to}`;
  return (
    <WorkspaceFrame page={page} title={`${heading} · ${page.projectTitle}`}>
      <ProjectTabs page={page} />
      <h1>{heading}</h1>
      <dl class="facts">
        <dt>{r.daysReported}</dt>
        <dd>{rollup.daysReported}</dd>
        <dt>{r.daysPending}</dt>
        <dd>{rollup.daysPending}</dd>
        <dt>{r.actualProgress}</dt>
        <dd>{`${rollup.actualPercent} %`}</dd>
        <dt>{r.plannedProgress}</dt>
        <dd>{rollup.plannedPercent === null ? "–" : `${rollup.plannedPercent} %`}</dd>
      </dl>
      <Lines
        heading={r.manpowerDays}
        head={[r.trade, r.manpowerDays]}
        rows={rollup.manpowerDays.map((line) => [line.trade, line.days])}
      />
      <Lines
        heading={r.equipmentDays}
        head={[r.kind, r.equipmentDays]}
        rows={rollup.equipmentDays.map((line) => [line.kind, line.days])}
      />
      <Lines
        heading={r.materials}
        head={[r.material, r.quantity, r.unit]}
        rows={rollup.materials.map((line) => [line.material, line.quantity, line.unit])}
      />
      <Lines
        heading={r.workDone}
        head={[r.code, r.item, r.quantity, r.unit]}
        rows={rollup.work.map((line) => [
          line.itemCode,
          line.description,
          line.quantity,
          line.unit,
        ])}
      />
    </WorkspaceFrame>
  );
}
