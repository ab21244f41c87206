import { Hono } from "hono";
import type { AppDependencies } from "../http/app.js";

/** Builds the public portal pages. */
export function createPortalRouter(_dependencies: AppDependencies): Hono {
  const portal = new Hono();
  portal.get("/", (context) => context.html(<h1>Clean Construction</h1>));
  return portal;
}
