import type { WaitingKind } from "./waiting-sources.js";

/**
 * Returns the workspace page where a user acts on a waiting item. Payment claims and overdue
 * payments have no workspace page of their own yet, so they link to the project page.
 */
export function actionPage(kind: WaitingKind, projectId: string, itemId: string): string {
  const project = `/workspace/projects/${encodeURIComponent(projectId)}`;
  const item = encodeURIComponent(itemId);
  switch (kind) {
    case "schedule_approval":
      return `${project}/schedule`;
    case "report_review":
    case "report_approval":
    case "report_resubmission":
      return `${project}/reports/${item}`;
    case "directive_answer":
      return `${project}/directives/${item}`;
    case "change_review":
    case "change_approval":
      return `${project}/changes/${item}`;
    case "document_approval":
      return `${project}/documents/${item}`;
    case "evaluation":
      return `${project}/evaluations/${item}`;
    case "safety_action":
    case "safety_verification":
      return `${project}/safety/findings/${item}`;
    case "claim_split":
    case "claim_approval":
    case "payment_overdue":
      return project;
  }
}
