import type { Context } from "hono";
import { Hono } from "hono";
import { systemClock } from "../accounts/clock.js";
import type { Kysely } from "kysely";
import { problemsFromZodError } from "../api/problems.js";
import type { DB } from "../db/types.js";
import type { AppDependencies } from "../http/app.js";
import type { Problem } from "../http/errors.js";
import {
  DEFAULT_PAGE_SIZE,
  listFacets,
  projectSearchQuery,
  searchProjectMarkers,
  searchProjects,
  type ProjectSearchResult,
} from "../projects/search.js";
import { unknownStatusProblems } from "../projects/search-query.js";
import { createAssetRouter } from "./assets.js";
import { createFormatter } from "./format.js";
import { HomePage } from "./home-page.js";
import { chooseLanguage } from "./language.js";
import type { PageContext } from "./layout.js";
import type { TileSettings } from "./map.js";
import { NotFoundPage } from "./not-found-page.js";
import { OrganisationPage } from "./organisation-page.js";
import { getOrganisationOverview } from "../projects/organisations.js";
import { ProjectPage } from "./project-page.js";
import { loadProjectView } from "./project-view.js";
import { ProcessPage } from "./process-page.js";
import { loadProcessPageView } from "./process-view.js";

/** Builds the public portal: home with search, project and organisation pages, static files. */
export function createPortalRouter(dependencies: AppDependencies): Hono {
  const portal = new Hono();
  const db = dependencies.database.db;
  const tiles: TileSettings = {
    url: dependencies.config.mapTileUrl,
    attribution: dependencies.config.mapTileAttribution,
  };

  portal.route("/", createAssetRouter());

  portal.get("/", async (context) => {
    const t = chooseLanguage(context);
    const values = formValues(new URL(context.req.url).searchParams);
    const parsed = projectSearchQuery.safeParse(values);
    const problems: Problem[] = parsed.success
      ? await unknownStatusProblems(parsed.data, dependencies.config.oc4idsSchema)
      : problemsFromZodError(parsed.error);
    const isValid = parsed.success && problems.length === 0;
    const query = parsed.success ? parsed.data : {};

    const empty: ProjectSearchResult = { total: 0, items: [] };
    const [facets, result, markers, site] = await Promise.all([
      listFacets(db),
      isValid ? searchProjects(db, query) : Promise.resolve(empty),
      isValid ? searchProjectMarkers(db, query) : Promise.resolve([]),
      loadSiteSettings(db),
    ]);
    const page: PageContext = { t, currentUrl: new URL(context.req.url), isDemo: site.isDemo };
    const html = (
      <HomePage
        page={page}
        format={createFormatter(t.language, site.timeZone)}
        tiles={tiles}
        values={flattenValues(values)}
        facets={facets}
        problems={problems}
        result={result}
        markers={markers}
        pageNumber={query.page ?? 1}
        pageSize={query.pageSize ?? DEFAULT_PAGE_SIZE}
      />
    );
    return context.html(html, problems.length > 0 ? 400 : 200);
  });

  portal.get("/projects/:id", async (context) => {
    const t = chooseLanguage(context);
    const id = context.req.param("id");
    const view = await loadProjectView(db, id, (dependencies.clock ?? systemClock)());
    if (!view) return notFound(context, db, t, t.text("notFoundProject", { id }));

    const page: PageContext = { t, currentUrl: new URL(context.req.url), isDemo: view.isDemo };
    const format = createFormatter(t.language, view.jurisdiction?.time_zone);
    return context.html(<ProjectPage page={page} view={view} format={format} tiles={tiles} />);
  });

  portal.get("/projects/:id/processes/:processId", async (context) => {
    const t = chooseLanguage(context);
    const id = context.req.param("id");
    const processId = context.req.param("processId");
    const view = await loadProcessPageView(db, id, processId);
    if (!view) return notFound(context, db, t, t.text("notFoundProject", { id }));

    const page: PageContext = {
      t,
      currentUrl: new URL(context.req.url),
      isDemo: view.project.isDemo,
    };
    const format = createFormatter(t.language, view.project.jurisdiction?.time_zone);
    return context.html(<ProcessPage page={page} view={view} format={format} />);
  });

  portal.get("/organisations/:id", async (context) => {
    const t = chooseLanguage(context);
    const id = context.req.param("id");
    const view = await getOrganisationOverview(db, id);
    if (!view) return notFound(context, db, t, t.text("notFoundOrganisation", { id }));

    const site = await loadSiteSettings(db);
    const isDemo = view.projects.some((project) => project.isDemo) || site.isDemo;
    const page: PageContext = { t, currentUrl: new URL(context.req.url), isDemo };
    const format = createFormatter(t.language, site.timeZone);
    return context.html(<OrganisationPage page={page} view={view} format={format} />);
  });

  return portal;
}

/** Renders the portal's "page not found" page for a path that no route serves. */
export async function renderPageNotFound(context: Context, db: Kysely<DB>): Promise<Response> {
  const t = chooseLanguage(context);
  return notFound(context, db, t, t.messages.notFoundTitle);
}

async function notFound(
  context: Context,
  db: Kysely<DB>,
  t: PageContext["t"],
  message: string,
): Promise<Response> {
  const site = await loadSiteSettings(db);
  const page: PageContext = { t, currentUrl: new URL(context.req.url), isDemo: site.isDemo };
  return context.html(<NotFoundPage page={page} message={message} />, 404);
}

/** Groups query parameters by name, leaving out the language switch. */
function formValues(parameters: URLSearchParams): Record<string, string | string[]> {
  const grouped: Record<string, string | string[]> = {};
  for (const key of new Set(parameters.keys())) {
    if (key === "lang") continue;
    const values = parameters.getAll(key);
    grouped[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return grouped;
}

/** Keeps the first value of each parameter, as the form shows one value per field. */
function flattenValues(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      Array.isArray(value) ? (value[0] ?? "") : value,
    ]),
  );
}

/**
 * Reads what pages that span jurisdictions need: whether any public data is demo data, and the
 * time zone to show dates in (the jurisdiction's when there is exactly one, otherwise UTC).
 */
async function loadSiteSettings(db: Kysely<DB>): Promise<{ isDemo: boolean; timeZone: string }> {
  const [jurisdictions, demoProject] = await Promise.all([
    db.selectFrom("jurisdictions").select(["time_zone", "is_demo"]).limit(2).execute(),
    db
      .selectFrom("projects")
      .select("id")
      .where("is_public", "=", true)
      .where("is_demo", "=", true)
      .limit(1)
      .executeTakeFirst(),
  ]);
  const demoJurisdiction = jurisdictions.some((jurisdiction) => jurisdiction.is_demo);
  return {
    isDemo: demoJurisdiction || demoProject !== undefined,
    timeZone: jurisdictions.length === 1 ? (jurisdictions[0]?.time_zone ?? "UTC") : "UTC",
  };
}
