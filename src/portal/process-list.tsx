import type { Translator } from "../i18n/index.js";
import type { Formatter } from "./format.js";
import { projectPath } from "./links.js";
import type { ProcessView, ProjectView } from "./project-view.js";

/** Up to this many contracting processes, the project page shows each in full. */
export const PROCESS_CARD_LIMIT = 10;
/** Rows per page of the processes table of a project with more processes than that. */
export const PROCESS_PAGE_SIZE = 25;

/** Returns the portal path of one contracting process of a project. */
export function processPath(projectId: string, processId: string): string {
  return `${projectPath(projectId)}/processes/${encodeURIComponent(processId)}`;
}

/** Sums of amounts per currency, in minor units. */
type Totals = Map<string, number>;

function addTo(totals: Totals, amount: number | null, currency: string | null): void {
  if (amount === null || currency === null) return;
  totals.set(currency, (totals.get(currency) ?? 0) + amount);
}

function formatTotals(totals: Totals, format: Formatter): string {
  if (totals.size === 0) return "–";
  return [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => format.money(amount, currency))
    .join(", ");
}

/** Sums the money paid to, and finds the latest actual physical progress of, each process. */
function processFigures(view: ProjectView) {
  const paid = new Map<string, Totals>();
  for (const transaction of view.transactions) {
    if (transaction.process_id === "") continue;
    const totals = paid.get(transaction.process_id) ?? new Map<string, number>();
    addTo(totals, transaction.amount, transaction.currency);
    paid.set(transaction.process_id, totals);
  }

  // Observations come oldest first, so the last one seen per process is its latest.
  const progress = new Map<string, number>();
  for (const row of view.progress) {
    if (row.process_id !== "" && row.kind === "physical" && row.basis === "actual") {
      progress.set(row.process_id, row.percent);
    }
  }
  return { paid, progress };
}

/**
 * Renders the contracting processes of a project with many of them: a summary (count, contract value
 * and money paid per currency, how many report completion) and one page of a table whose rows
 * link to each process's own page. `page` counts from 1 and is clamped to the last page.
 */
export function ProcessList(props: {
  view: ProjectView;
  t: Translator;
  format: Formatter;
  page: number;
}) {
  const { view, t, format } = props;
  const { paid, progress } = processFigures(view);
  const contractTotals: Totals = new Map();
  const paidTotals: Totals = new Map();
  for (const process of view.processes) {
    addTo(contractTotals, process.contract_value_amount, process.contract_value_currency);
  }
  for (const totals of paid.values()) {
    for (const [currency, amount] of totals) addTo(paidTotals, amount, currency);
  }
  const completed = [...progress.values()].filter((percent) => percent >= 100).length;

  const total = view.processes.length;
  const pages = Math.max(1, Math.ceil(total / PROCESS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(props.page) || 1), pages);
  const from = (page - 1) * PROCESS_PAGE_SIZE;
  const shown = view.processes.slice(from, from + PROCESS_PAGE_SIZE);
  // OCDS data rarely gives a process status, so the column appears only when one does.
  const hasStatus = view.processes.some((process) => process.status !== null);

  return (
    <>
      <p>
        {t.text("processesSummary", {
          count: String(total),
          value: formatTotals(contractTotals, format),
          paid: formatTotals(paidTotals, format),
        })}{" "}
        {t.text("processesCompleted", { count: String(completed) })}
      </p>
      <div class="table-scroll">
        <table>
          <caption>
            {t.text("processesTableCaption", {
              from: String(from + 1),
              to: String(from + shown.length),
              total: String(total),
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t.messages.contractTitle}</th>
              {hasStatus ? <th scope="col">{t.messages.processStatus}</th> : null}
              <th scope="col" class="number">
                {t.messages.processContractValue}
              </th>
              <th scope="col" class="number">
                {t.messages.processPaid}
              </th>
              <th scope="col" class="number">
                {t.messages.processProgress}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((process) => (
              <ProcessRow
                process={process}
                projectId={view.project.id}
                paid={paid.get(process.id)}
                progress={progress.get(process.id)}
                hasStatus={hasStatus}
                t={t}
                format={format}
                language={view.project.language}
              />
            ))}
          </tbody>
        </table>
      </div>
      <Pager projectId={view.project.id} page={page} pages={pages} t={t} />
    </>
  );
}

function ProcessRow(props: {
  process: ProcessView;
  projectId: string;
  paid: Totals | undefined;
  progress: number | undefined;
  hasStatus: boolean;
  t: Translator;
  format: Formatter;
  language: string | null;
}) {
  const { process, t, format } = props;
  const title = process.title ?? process.contracts[0]?.title ?? process.id;
  return (
    <tr>
      <td>
        <a href={processPath(props.projectId, process.id)} lang={props.language ?? undefined}>
          {title}
        </a>
      </td>
      {props.hasStatus ? (
        <td>{process.status ? t.code("processStatus", process.status) : ""}</td>
      ) : null}
      <td class="number">
        {format.money(process.contract_value_amount, process.contract_value_currency)}
      </td>
      <td class="number">{props.paid ? formatTotals(props.paid, format) : ""}</td>
      <td class="number">{props.progress === undefined ? "" : `${props.progress} %`}</td>
    </tr>
  );
}

function Pager(props: { projectId: string; page: number; pages: number; t: Translator }) {
  const { projectId, page, pages, t } = props;
  if (pages === 1) return null;
  const link = (target: number) => `${projectPath(projectId)}?processes=${target}#processes`;
  return (
    <nav class="pager" aria-label={t.messages.processesHeading}>
      {page > 1 ? (
        <a href={link(page - 1)} rel="prev">
          {t.messages.pagePrevious}
        </a>
      ) : null}{" "}
      <span>{t.text("pageOf", { page: String(page), pages: String(pages) })}</span>{" "}
      {page < pages ? (
        <a href={link(page + 1)} rel="next">
          {t.messages.pageNext}
        </a>
      ) : null}
    </nav>
  );
}
