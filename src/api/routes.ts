import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppDependencies } from "../http/app.js";

/** Builds the JSON API mounted at /api/v1. */
export function createApiRouter(_dependencies: AppDependencies): OpenAPIHono {
  const api = new OpenAPIHono();
  api.doc("/openapi.json", {
    openapi: "3.0.3",
    info: { title: "Clean Construction API", version: "1" },
  });
  return api;
}
