import { OpenAPIHono } from "@hono/zod-openapi";
import {
  authenticate,
  requireCsrf,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import { addAuthRoutes } from "./auth.js";
import { validationHook } from "./problems.js";
import type { BankAdapter } from "../payments/banks/adapter.js";
import { addWorkspaceAdminRoutes } from "./workspace-admin.js";
import { addWorkspaceAttendanceImportRoutes } from "./workspace-attendance-import.js";
import { addWorkspaceChangeRoutes } from "./workspace-changes.js";
import { addWorkspaceDashboardRoutes } from "./workspace-dashboards.js";
import { addWorkspaceDirectiveRoutes } from "./workspace-directives.js";
import { addWorkspaceDisclosureRoutes } from "./workspace-disclosure.js";
import { addWorkspaceEvaluationRoutes } from "./workspace-evaluations.js";
import { addWorkspacePayeeAccountRoutes } from "./workspace-payee-accounts.js";
import { addWorkspacePaymentComplianceRoutes } from "./workspace-payment-compliance.js";
import { addWorkspacePaymentStatusRoutes } from "./workspace-payment-status.js";
import { addWorkspacePaymentRoutes } from "./workspace-payments.js";
import { addWorkspaceProjectRoutes } from "./workspace-projects.js";
import { addWorkspaceReportRoutes } from "./workspace-reports.js";
import { addWorkspaceRetentionRoutes } from "./workspace-retention.js";
import { addWorkspaceSafetyRoutes } from "./workspace-safety.js";
import { addWorkspaceScheduleRoutes } from "./workspace-schedule.js";

/**
 * Builds the signed-in part of the JSON API: /auth/* and /workspace/*. Every /workspace route
 * needs a bearer token or a session (401 without), a CSRF token for state-changing requests
 * made with a session, and a permission checked by the route (403 without).
 */
export function createWorkspaceApiRouter(
  accounts: AccountServices,
  bank: BankAdapter,
): OpenAPIHono<WorkspaceEnv> {
  const api = new OpenAPIHono<WorkspaceEnv>({
    defaultHook: validationHook,
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A token from POST /auth/login.",
  });

  addAuthRoutes(api, accounts);
  api.use("/workspace/*", authenticate(accounts), requireSignIn, requireCsrf);
  addWorkspaceProjectRoutes(api, accounts);
  addWorkspaceAdminRoutes(api, accounts);
  addWorkspaceScheduleRoutes(api, accounts);
  addWorkspaceReportRoutes(api, accounts);
  addWorkspaceChangeRoutes(api, accounts);
  addWorkspaceDirectiveRoutes(api, accounts);
  addWorkspaceDisclosureRoutes(api, accounts);
  addWorkspaceEvaluationRoutes(api, accounts);
  addWorkspaceSafetyRoutes(api, accounts);
  addWorkspacePaymentRoutes(api, accounts, bank);
  addWorkspacePaymentComplianceRoutes(api, accounts);
  addWorkspacePayeeAccountRoutes(api, accounts, bank);
  addWorkspacePaymentStatusRoutes(api, accounts, bank);
  addWorkspaceAttendanceImportRoutes(api, accounts);
  addWorkspaceRetentionRoutes(api, accounts, bank);
  addWorkspaceDashboardRoutes(api, accounts);
  return api;
}
