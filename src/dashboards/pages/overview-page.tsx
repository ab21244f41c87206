import type { Problem } from "../../http/errors.js";
import { dashboardMessages, fill, type DashboardMessages } from "../../i18n/dashboards.js";
import { formatMoney, toMinorUnits } from "../../shared/money.js";
import { ErrorSummary, WorkspaceFrame, type WorkspacePage } from "../../workspace/pages/frame.js";
import { modeLabel } from "../../workspace/pages/labels.js";
import type { Overview, OverviewProject } from "../overview.js";
import { OVERVIEW_SORTS, type OverviewSort } from "../overview-query.js";

/**
 * Renders the agency's all-projects view: a filter form sent as GET parameters, so it works
 * without JavaScript, then one page of projects. Without `overview` (bad parameters) only the form and
 * its problems show.
 */
export function OverviewPage(props: {
  page: WorkspacePage;
  values: Record<string, string>;
  overview: Overview | undefined;
  problems: Problem[];
  settings: { behindPlanPoints: number; approvalDays: number };
}) {
  const { page, values, overview, problems } = props;
  const d = dashboardMessages(page.t.language);
  return (
    <WorkspaceFrame page={page} title={d.overviewTitle}>
      <h1>{d.overviewTitle}</h1>
      <p>
        {fill(d.overviewIntro, {
          points: props.settings.behindPlanPoints,
          days: props.settings.approvalDays,
        })}
      </p>
      <ErrorSummary
        problems={problems}
        w={page.w}
        labels={{
          agency: page.w.agency,
          mode: page.w.mode,
          behind: d.behindOnly,
          sort: d.sortBy,
          page: d.pagination,
          pageSize: d.pageSize,
        }}
      />
      <FilterForm page={page} d={d} values={values} overview={overview} problems={problems} />
      {overview ? <Results page={page} d={d} overview={overview} /> : null}
    </WorkspaceFrame>
  );
}

function FilterForm(props: {
  page: WorkspacePage;
  d: DashboardMessages;
  values: Record<string, string>;
  overview: Overview | undefined;
  problems: Problem[];
}) {
  const { page, d, values } = props;
  const { w } = page;
  const sortLabels: Record<OverviewSort, string> = {
    title: d.sortTitle,
    difference: d.sortDifference,
    "-difference": d.sortDifferenceDescending,
  };
  const invalid = (name: string) =>
    props.problems.some((problem) => problem.path === name) ? "true" : undefined;
  return (
    <form method="get" action="/workspace/overview" class="search">
      <h2>{d.filtersHeading}</h2>
      <div class="filters">
        <div class="field">
          <label for="field-agency">{w.agency}</label>
          <select id="field-agency" name="agency" aria-invalid={invalid("agency")}>
            <option value="">{d.allAgencies}</option>
            {(props.overview?.agencies ?? []).map((agency) => (
              <option value={agency.id} selected={agency.id === values.agency}>
                {agency.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="field-mode">{w.mode}</label>
          <select id="field-mode" name="mode" aria-invalid={invalid("mode")}>
            <option value="">{d.allModes}</option>
            {(["long_term", "short_term"] as const).map((mode) => (
              <option value={mode} selected={mode === values.mode}>
                {modeLabel(w, mode)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="field-sort">{d.sortBy}</label>
          <select id="field-sort" name="sort" aria-invalid={invalid("sort")}>
            {OVERVIEW_SORTS.map((sort) => (
              <option value={sort} selected={sort === (values.sort || "title")}>
                {sortLabels[sort]}
              </option>
            ))}
          </select>
        </div>
        <div class="field check">
          <label>
            <input
              type="checkbox"
              id="field-behind"
              name="behind"
              style="width: auto"
              value="1"
              checked={values.behind === "1" || values.behind === "true"}
            />{" "}
            {d.behindOnly}
          </label>
        </div>
      </div>
      {values.pageSize ? <input type="hidden" name="pageSize" value={values.pageSize} /> : null}
      <div class="actions">
        <button type="submit">{d.show}</button>
      </div>
    </form>
  );
}

function Results(props: { page: WorkspacePage; d: DashboardMessages; overview: Overview }) {
  const { page, d, overview } = props;
  const pages = Math.max(1, Math.ceil(overview.total / overview.pageSize));
  return (
    <>
      <p class="result-count">
        {fill(d.overviewSummary, { total: overview.total, behind: overview.behindPlanTotal })}
      </p>
      {overview.items.length === 0 ? (
        <p>{d.noMatches}</p>
      ) : (
        <div class="table-scroll">
          <table class="overview">
            <thead>
              <tr>
                <th scope="col" rowspan={2}>
                  {d.project}
                </th>
                <th scope="col" rowspan={2} class="number">
                  {d.planned}
                </th>
                <th scope="col" rowspan={2} class="number">
                  {d.actual}
                </th>
                <th scope="col" rowspan={2} class="number">
                  {d.difference}
                </th>
                <th scope="colgroup" colspan={3}>
                  {d.overdue}
                </th>
                <th scope="col" rowspan={2} class="number">
                  {page.w.contractAmount}
                </th>
              </tr>
              <tr>
                <th scope="col" class="number">
                  {d.overdueDirectives}
                </th>
                <th scope="col" class="number">
                  {d.overdueApprovals}
                </th>
                <th scope="col" class="number">
                  {d.overduePayments}
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.items.map((project) => (
                <ProjectRow page={page} d={d} project={project} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label={d.pagination} class="pagination">
          {overview.page > 1 ? (
            <a href={pageLink(page.currentUrl, overview.page - 1)} rel="prev">
              {d.previous}
            </a>
          ) : null}
          <span aria-current="page">{fill(d.pageOf, { page: overview.page, pages })}</span>
          {overview.page < pages ? (
            <a href={pageLink(page.currentUrl, overview.page + 1)} rel="next">
              {d.next}
            </a>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function ProjectRow(props: {
  page: WorkspacePage;
  d: DashboardMessages;
  project: OverviewProject;
}) {
  const { page, d, project } = props;
  const language = page.t.language;
  const percent = (value: number | null) =>
    value === null
      ? d.notApplicable
      : `${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value)}%`;
  const difference =
    project.difference === null
      ? d.notApplicable
      : new Intl.NumberFormat(language, {
          maximumFractionDigits: 2,
          signDisplay: "exceptZero",
        }).format(project.difference);
  // The project cell carries the agency and the mode, so that on a phone the progress figures
  // come right after it. Inline widths: the shared stylesheet has no rule for this table yet.
  return (
    <tr>
      <th scope="row" style="min-width: 11rem">
        <a href={`/workspace/projects/${encodeURIComponent(project.id)}`}>{project.title}</a>
        {project.behindPlan ? (
          <>
            {" "}
            <span class="status status-cancelled">{d.behindPlan}</span>
          </>
        ) : null}
        <br />
        <span class="muted" style="font-weight: normal">
          {`${project.agencyName} · ${modeLabel(page.w, project.mode)}`}
        </span>
      </th>
      <td class="number">{percent(project.plannedPercent)}</td>
      <td class="number">{percent(project.actualPercent)}</td>
      <td class="number">{difference}</td>
      <td class="number">{project.overdueDirectives}</td>
      <td class="number">{project.overdueApprovals}</td>
      <td class="number">{project.overduePayments}</td>
      <td class="number">
        {formatMoney(
          toMinorUnits(project.contractAmount, project.contractCurrency),
          project.contractCurrency,
          language,
        )}
      </td>
    </tr>
  );
}

function pageLink(currentUrl: URL, page: number): string {
  const target = new URL(currentUrl);
  target.searchParams.delete("lang");
  target.searchParams.set("page", String(page));
  return `${target.pathname}${target.search}`;
}
