import type { Context } from "hono";
import { Hono } from "hono";
import { clientAddress, requirePermission, type WorkspaceEnv } from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { AppError, type Problem } from "../http/errors.js";
import { disclosureMessages } from "../i18n/disclosure.js";
import { workspaceMessages } from "../i18n/workspace.js";
import { chooseLanguage } from "../portal/language.js";
import { DisclosurePolicyPage } from "./page.js";
import {
  DISCLOSURE_CATEGORIES,
  loadDisclosurePolicy,
  updateDisclosurePolicy,
  type PolicyEntry,
} from "./policy.js";

type PageContext = Context<WorkspaceEnv>;

/**
 * Builds the administrator's disclosure policy page under /workspace/jurisdictions/:id. Mount
 * it inside the workspace router, whose middleware signs the caller in and checks CSRF tokens.
 */
export function createDisclosurePages(accounts: AccountServices): Hono<WorkspaceEnv> {
  const router = new Hono<WorkspaceEnv>();
  const manage = requirePermission(accounts, "disclosure.policy.manage");
  const jurisdictionOf = (context: PageContext) => context.req.param("id") ?? "";

  const show = (
    context: PageContext,
    entries: PolicyEntry[],
    problems: Problem[],
    status: 200 | 400,
  ) => {
    const t = chooseLanguage(context);
    const credential = context.get("credential");
    const page = {
      t,
      w: workspaceMessages(t.language),
      currentUrl: new URL(context.req.url),
      isDemo: false,
      principal: context.get("principal"),
      csrfToken: credential?.kind === "session" ? credential.csrfToken : undefined,
    };
    return context.html(
      <DisclosurePolicyPage
        page={page}
        d={disclosureMessages(t.language)}
        jurisdictionId={jurisdictionOf(context)}
        entries={entries}
        problems={problems}
        saved={context.req.query("saved") === "1"}
      />,
      status,
    );
  };

  router.get("/:id/disclosure", manage, async (context) => {
    const entries = await loadDisclosurePolicy(accounts.db, jurisdictionOf(context));
    return show(context, entries, [], 200);
  });

  router.post("/:id/disclosure", manage, async (context) => {
    const jurisdictionId = jurisdictionOf(context);
    const body = await context.req.parseBody({ all: true });
    const chosen = new Set(([] as unknown[]).concat(body.public ?? []).map(String));
    // A checkbox form sends only the ticked boxes, so every adjustable category is set.
    const changes = Object.fromEntries(
      DISCLOSURE_CATEGORIES.filter((entry) => entry.adjustable).map((entry) => [
        entry.category,
        chosen.has(entry.category),
      ]),
    );
    for (const name of chosen) if (!(name in changes)) changes[name] = true;
    try {
      await updateDisclosurePolicy(accounts.db, jurisdictionId, changes, {
        userId: context.get("principal")!.userId,
        clientAddress: clientAddress(context),
        now: accounts.clock(),
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 400) throw error;
      const entries = await loadDisclosurePolicy(accounts.db, jurisdictionId);
      return show(context, entries, error.problems, 400);
    }
    return context.redirect(
      `/workspace/jurisdictions/${encodeURIComponent(jurisdictionId)}/disclosure?saved=1`,
      303,
    );
  });

  return router;
}
