import type { Translator } from "../i18n/index.js";
import type { Problem } from "../http/errors.js";
import {
  MARKER_LIMIT,
  type ProjectFacets,
  type ProjectMarker,
  type ProjectSearchResult,
  type ProjectSummary,
} from "../projects/search.js";
import type { Formatter } from "./format.js";
import { Layout, type PageContext } from "./layout.js";
import { organisationPath, projectPath } from "./links.js";
import { MarkerMap, type MapMarker, type TileSettings } from "./map.js";
import { SearchForm, type FormValues } from "./search-form.js";

/** Everything the home page shows. */
export interface HomePageProps {
  page: PageContext;
  format: Formatter;
  tiles: TileSettings;
  values: FormValues;
  facets: ProjectFacets;
  /** Problems with the search parameters; when present, `result` is empty. */
  problems: Problem[];
  result: ProjectSearchResult;
  /** Map positions of all results, not only this page's. */
  markers: ProjectMarker[];
  pageNumber: number;
  pageSize: number;
}

/** The home page: search form, result count, map of the results, result list and pages. */
export function HomePage(props: HomePageProps) {
  const { page, format, tiles, values, facets, problems, result } = props;
  const { t } = page;
  const invalidFields = new Set(problems.map((problem) => problem.path));
  return (
    <Layout {...page} title={t.messages.searchHeading}>
      <h1>{t.messages.siteName}</h1>
      <p class="tagline">{t.messages.siteTagline}</p>
      {problems.length > 0 ? (
        <div class="error-summary" role="alert">
          <p>
            {t.text("invalidSearch", {
              problems: problems.map((problem) => `${problem.path}: ${problem.message}`).join("; "),
            })}
          </p>
        </div>
      ) : null}
      <SearchForm values={values} facets={facets} invalidFields={invalidFields} t={t} />
      <section aria-labelledby="results-heading" class="results">
        <h2 id="results-heading">{t.messages.resultsHeading}</h2>
        <p class="result-count" role="status">
          {result.total === 1
            ? t.messages.resultsCountOne
            : t.text("resultsCount", {
                count: new Intl.NumberFormat(t.language).format(result.total),
              })}
        </p>
        {result.items.length === 0 && result.total > 0 ? (
          <div class="empty">
            <p>{t.messages.resultsPastLastPage}</p>
            <p>
              <a href={firstPageUrl(page.currentUrl)}>{t.messages.resultsFirstPage}</a>
            </p>
          </div>
        ) : result.items.length === 0 ? (
          <div class="empty">
            <p>{t.messages.resultsEmpty}</p>
            <p>{t.messages.resultsEmptyHint}</p>
          </div>
        ) : (
          <>
            <ResultsMap markers={props.markers} total={result.total} t={t} tiles={tiles} />
            <ol class="results-list">
              {result.items.map((item) => (
                <ResultItem item={item} t={t} format={format} />
              ))}
            </ol>
            <Pagination
              currentUrl={page.currentUrl}
              pageNumber={props.pageNumber}
              pageSize={props.pageSize}
              total={result.total}
              t={t}
            />
          </>
        )}
      </section>
    </Layout>
  );
}

/** Map of every result across all pages, not only the page shown. */
function ResultsMap(props: {
  markers: ProjectMarker[];
  total: number;
  t: Translator;
  tiles: TileSettings;
}) {
  const { t, tiles, total } = props;
  const markers: MapMarker[] = props.markers.map((marker) => ({
    latitude: marker.latitude,
    longitude: marker.longitude,
    label: marker.title,
    href: projectPath(marker.id),
  }));
  // Past the marker limit the count of projects without a location is unknown, so it is omitted.
  const missing = markers.length < MARKER_LIMIT ? total - markers.length : 0;
  return (
    <section aria-labelledby="map-heading">
      <h3 id="map-heading">{t.messages.resultsMapHeading}</h3>
      {markers.length > 0 ? (
        <MarkerMap
          markers={markers}
          label={t.messages.resultsMapHeading}
          tiles={tiles}
          groupLabel={(count) => t.text("mapCluster", { count })}
        />
      ) : (
        <p>{t.messages.resultsMapNoLocation}</p>
      )}
      {markers.length > 0 && missing > 0 ? (
        <p class="muted">{t.text("resultsMapMissing", { count: missing })}</p>
      ) : null}
    </section>
  );
}

function ResultItem(props: { item: ProjectSummary; t: Translator; format: Formatter }) {
  const { item, t, format } = props;
  const district = item.location?.locality ?? item.location?.region;
  const period = item.period
    ? `${item.period.startDate ? format.date(new Date(item.period.startDate)) : ""} – ${
        item.period.endDate ? format.date(new Date(item.period.endDate)) : ""
      }`
    : undefined;
  return (
    <li class="result">
      <h3>
        <a href={projectPath(item.id)}>{item.title}</a>
      </h3>
      <dl class="facts">
        <div>
          <dt>{t.messages.projectStatus}</dt>
          <dd>
            <span class={`status status-${item.status ?? "unknown"}`}>
              {t.code("status", item.status)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t.messages.projectAgency}</dt>
          <dd>
            {item.publicAuthority ? (
              <a href={organisationPath(item.publicAuthority.id)}>{item.publicAuthority.name}</a>
            ) : (
              t.messages.notStated
            )}
          </dd>
        </div>
        <div>
          <dt>{t.messages.projectBudget}</dt>
          <dd>
            {item.budget
              ? format.majorMoney(item.budget.amount, item.budget.currency)
              : t.messages.notStated}
          </dd>
        </div>
        <div>
          <dt>{t.messages.projectPeriod}</dt>
          <dd>{period ?? t.messages.notStated}</dd>
        </div>
        <div>
          <dt>{t.messages.projectDistrict}</dt>
          <dd>{district ?? t.messages.notStated}</dd>
        </div>
      </dl>
    </li>
  );
}

function pageLink(currentUrl: URL, page: number): string {
  const target = new URL(currentUrl);
  target.searchParams.delete("lang");
  target.searchParams.set("page", String(page));
  return `${target.pathname}${target.search}`;
}

function Pagination(props: {
  currentUrl: URL;
  pageNumber: number;
  pageSize: number;
  total: number;
  t: Translator;
}) {
  const { currentUrl, pageNumber, pageSize, total, t } = props;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  return (
    <nav aria-label={t.messages.pagination} class="pagination">
      {pageNumber > 1 ? (
        <a href={pageLink(currentUrl, pageNumber - 1)} rel="prev">
          {t.messages.pagePrevious}
        </a>
      ) : null}
      <span aria-current="page">{t.text("pageOf", { page: pageNumber, pages })}</span>
      {pageNumber < pages ? (
        <a href={pageLink(currentUrl, pageNumber + 1)} rel="next">
          {t.messages.pageNext}
        </a>
      ) : null}
    </nav>
  );
}

/** Returns the address of the same search on its first page. */
function firstPageUrl(currentUrl: URL): string {
  const url = new URL(currentUrl);
  url.searchParams.delete("page");
  return `${url.pathname}${url.search}`;
}
