/**
 * The workspace page that imports attendance from a card-reader export
 * (/workspace/projects/:id/attendance-import): the upload form with the column names, and the
 * report of the last upload, its days worked and the rows left out. It shows worker badge
 * references only, never names.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import type { Problem } from "../http/errors.js";
import {
  attendanceImportMessages,
  type AttendanceImportMessages,
} from "../i18n/attendance-import.js";
import { CsrfField, ErrorSummary, Field } from "../workspace/pages/frame.js";
import { SiteFrame, sitePath, type SitePage } from "../workspace/pages/site-page.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
import type { TapImportReport } from "./attendance-import.js";
import { importUploadedTaps, MAX_TAP_FILE_BYTES, readTapForm } from "./attendance-upload.js";
import { claimTables } from "./tables.js";

const TEXT_FIELDS = [
  "cardColumn",
  "timeColumn",
  "directionColumn",
  "readerColumn",
  "entryReaders",
  "exitReaders",
] as const;

function ReportSection(props: { m: AttendanceImportMessages; report: TapImportReport }) {
  const { m, report } = props;
  return (
    <section aria-labelledby="import-report">
      <h2 id="import-report">{report.dryRun ? m.checked : `${m.recorded}: ${report.recorded}`}</h2>
      <p>
        {m.summary}: {report.rows} · {m.tapsUsed}: {report.taps}
      </p>
      <h3>{m.days}</h3>
      {report.days.length === 0 ? (
        <p>{m.noDays}</p>
      ) : (
        <table class="stack-table">
          <thead>
            <tr>
              <th scope="col">{m.reference}</th>
              <th scope="col">{m.date}</th>
              <th scope="col">{m.timeIn}</th>
              <th scope="col">{m.timeOut}</th>
              <th scope="col">{m.hours}</th>
            </tr>
          </thead>
          <tbody>
            {report.days.map((day) => (
              <tr>
                <td data-label={m.reference}>{day.reference}</td>
                <td data-label={m.date}>{day.date}</td>
                <td data-label={m.timeIn}>{day.timeIn}</td>
                <td data-label={m.timeOut}>{day.timeOut}</td>
                <td data-label={m.hours}>{(day.minutes / 60).toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.problems.length > 0 ? (
        <>
          <h3>{m.problems}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.row}</th>
                <th scope="col">{m.reason}</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((problem) => (
                <tr>
                  <td>{problem.row}</td>
                  <td>{problem.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

/** Renders the upload form and, after an upload, its report. */
export function AttendanceImportPage(props: {
  page: SitePage;
  values: Record<string, string>;
  problems: Problem[];
  report: TapImportReport | null;
}) {
  const { page, values, problems } = props;
  const m = attendanceImportMessages(page.t.language);
  const labels: Record<string, string> = { file: m.file, dryRun: m.dryRun };
  for (const name of TEXT_FIELDS) labels[name] = m[name];
  return (
    <SiteFrame page={page} title={m.title}>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {props.report ? <ReportSection m={m} report={props.report} /> : null}
      <form
        method="post"
        action={sitePath(page, "/attendance-import")}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <Field name="file" type="file" label={m.file} hint={m.fileHint} problems={problems} />
        <div class="field">
          <label>
            <input type="checkbox" name="dryRun" checked={values.dryRun !== undefined} /> {m.dryRun}
          </label>
        </div>
        <fieldset>
          <legend>{m.columns}</legend>
          <p class="hint">{m.columnsHint}</p>
          {TEXT_FIELDS.map((name) => (
            <Field
              name={name}
              label={m[name]}
              hint={name === "entryReaders" ? m.readersHint : undefined}
              value={values[name]}
              problems={problems}
              autocomplete="off"
            />
          ))}
        </fieldset>
        <button type="submit">{m.submit}</button>
      </form>
    </SiteFrame>
  );
}

/** Adds the card-reader import page and its form to the project router. */
export function addAttendanceImportPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const db = claimTables(tools.accounts.db);
  const show = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    report: TapImportReport | null,
    status: 200 | 400 | 409 | 413 = 200,
  ) =>
    context.html(
      <AttendanceImportPage
        page={await tools.pageOf(context)}
        values={values}
        problems={problems}
        report={report}
      />,
      status,
    );

  router.get("/:id/attendance-import", tools.read("worker.register"), (context) =>
    show(context, {}, [], null),
  );

  router.post(
    "/:id/attendance-import",
    tools.post("worker.register", {
      maxBytes: MAX_TAP_FILE_BYTES,
      tooLarge: (context) =>
        show(
          context,
          {},
          [{ path: "file", message: `larger than the limit of ${MAX_TAP_FILE_BYTES} bytes` }],
          null,
          413,
        ),
    }),
    async (context) => {
      const body = await context.req.parseBody();
      const values = await tools.formOf(context);
      try {
        const { file, options } = readTapForm(body);
        // A subcontractor's rows for other organisations' workers are left out and reported.
        const acting = {
          userId: context.get("principal")!.userId,
          organisationId: context.get("principal")!.organisationId,
          roles: context.get("projectAccess")?.roles ?? [],
        };
        const today = tools.accounts.clock().toISOString().slice(0, 10);
        const report = await importUploadedTaps(db, tools.projectIdOf(context), file, {
          ...options,
          acting,
          today,
        });
        return await show(context, values, [], report);
      } catch (error) {
        const status = (error as { status?: number }).status === 409 ? 409 : 400;
        return show(context, values, tools.inputProblems(error), null, status);
      }
    },
  );
}
