import { fillTemplate } from "../../i18n/index.js";
import type { SheetImportReport } from "../../mapping/import-sheet.js";
import { projectPath } from "../../portal/links.js";
import { WorkspaceFrame } from "../../workspace/pages/frame.js";
import { statusLabel } from "./imports-page.js";
import { CountsList, ProblemList } from "./import-summary.js";
import type { ImportPage } from "./page.js";

/** Rows listed on the result page; the rest are counted above the table. */
const ROWS_SHOWN = 500;

/** The outcome of an import: counts, issues by kind, problems and each row with its project. */
export function ResultPage(props: { page: ImportPage; report: SheetImportReport }) {
  const { page, report } = props;
  const { m } = page;
  const heading = fillTemplate(m.resultHeading, {
    id: report.importId ?? "",
    status: statusLabel(page, report.status),
  });
  const codes = Object.entries(report.issueCounts).sort(([a], [b]) => a.localeCompare(b));
  const stored = report.status === "succeeded";
  return (
    <WorkspaceFrame page={page} title={heading}>
      <h1>{heading}</h1>
      <p>
        <a href="/workspace/imports">{m.backToImports}</a>
      </p>
      <CountsList page={page} report={report} />
      <ProblemList page={page} report={report} />
      {codes.length > 0 ? (
        <section aria-labelledby="issue-kinds">
          <h2 id="issue-kinds">{m.issuesByKind}</h2>
          <ul>
            {codes.map(([code, count]) => (
              <li>
                <code>{code}</code>: {count}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="import-rows">
        <h2 id="import-rows">{m.rows}</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.row}</th>
                <th scope="col">{m.projectId}</th>
                <th scope="col">{m.action}</th>
                <th scope="col">{m.issues}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.slice(0, ROWS_SHOWN).map((row) => (
                <tr>
                  <td>{row.row}</td>
                  <td>
                    {stored && row.projectId && row.action !== "skipped" ? (
                      <a href={projectPath(row.projectId)}>{row.projectId}</a>
                    ) : (
                      (row.projectId ?? "")
                    )}
                  </td>
                  <td>{row.action}</td>
                  <td>
                    {row.issues.map((issue) => (
                      <div>
                        <code>{issue.code}</code> {issue.column}
                        {issue.value === "" ? "" : ` "${issue.value}"`}: {issue.message}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </WorkspaceFrame>
  );
}
