import type { SheetImportReport } from "../../mapping/import-sheet.js";
import type { ImportPage } from "./page.js";

export function DryRunSummary(props: { page: ImportPage; report: SheetImportReport }) {
  const { page, report } = props;
  const { m } = page;
  const codes = Object.entries(report.issueCounts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section id="dry-run" aria-labelledby="dry-run-heading" class="dry-run">
      <h2 id="dry-run-heading">{`${m.dryRunHeading}: ${report.status === "succeeded" ? m.succeeded : m.failed}`}</h2>
      <CountsList page={page} report={report} />
      {codes.length > 0 ? (
        <>
          <h3>{m.issuesByKind}</h3>
          <ul>
            {codes.map(([code, count]) => (
              <li>
                <code>{code}</code>: {count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ProblemList page={page} report={report} />
      {report.status === "succeeded" ? (
        <>
          <p>{m.dryRunNote}</p>
          <button type="submit" name="action" value="import" class="primary">
            {m.confirmImport}
          </button>
        </>
      ) : null}
    </section>
  );
}

/** Rows read and skipped and projects created, updated and unchanged. */
export function CountsList(props: { page: ImportPage; report: SheetImportReport }) {
  const { m } = props.page;
  const { report } = props;
  return (
    <dl class="counts">
      <dt>{m.rowsRead}</dt>
      <dd>{report.rowsRead}</dd>
      <dt>{m.rowsSkipped}</dt>
      <dd>{report.rowsSkipped}</dd>
      <dt>{m.created}</dt>
      <dd>{report.counts.projectsCreated}</dd>
      <dt>{m.updatedCount}</dt>
      <dd>{report.counts.projectsUpdated}</dd>
      <dt>{m.unchanged}</dt>
      <dd>{report.counts.projectsUnchanged}</dd>
    </dl>
  );
}

/** The problems that failed an import, if any. */
export function ProblemList(props: { page: ImportPage; report: SheetImportReport }) {
  const { report } = props;
  if (report.problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{props.page.m.problems}</p>
      <ul>
        {report.problems.slice(0, 50).map((problem) => (
          <li>
            {problem.row === undefined ? "" : `${props.page.m.row} ${problem.row}: `}
            {problem.projectId ? `${problem.projectId} ` : ""}
            {problem.pointer ? `${problem.pointer}: ` : ""}
            {problem.message} <code>{problem.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}
