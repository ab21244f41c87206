/**
 * Organisation routes: the public overview of an ordering agency, supervisor or contractor.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppDependencies } from "../http/app.js";
import { errors } from "../http/errors.js";
import { getOrganisationOverview, organisationOverviewSchema } from "../projects/organisations.js";
import { errorResponse, idParameter } from "./schemas.js";

const getOrganisation = createRoute({
  method: "get",
  path: "/organisations/{id}",
  summary: "Get an organisation with its public projects and totals",
  tags: ["Organisations"],
  request: { params: idParameter("Organisation id, such as MX-RFC-SIN010101AAA.") },
  responses: {
    200: {
      description: "The organisation, its public projects and totals per currency.",
      content: { "application/json": { schema: organisationOverviewSchema } },
    },
    404: errorResponse("There is no organisation with this id."),
  },
});

/** Adds the organisation routes to `api`. */
export function addOrganisationRoutes(api: OpenAPIHono, dependencies: AppDependencies): void {
  api.openapi(getOrganisation, async (context) => {
    const { id } = context.req.valid("param");
    const overview = await getOrganisationOverview(dependencies.database.db, id);
    if (!overview) throw errors.notFound(`Organisation ${JSON.stringify(id)}`);
    return context.json(overview, 200);
  });
}
