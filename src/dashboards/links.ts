import type { WaitingKind } from "./waiting-sources.js";

/**
 * Returns the workspace page where a user acts on a waiting item. Kinds whose records have no
 * workspace page of their own yet (documents, evaluations, safety, payments) link to the
 * project page; directives and change requests link to the page that lists them.
 */
export function actionPage(kind: WaitingKind, projectId: string, itemId: string): string {
  const project = `/workspace/projects/${encodeURIComponent(projectId)}`;
  switch (kind) {
    case "schedule_approval":
      return `${project}/schedule`;
    case "report_review":
    case "report_approval":
    case "report_resubmission":
      return `${project}/reports/${encodeURIComponent(itemId)}`;
    case "directive_answer":
    case "change_review":
    case "change_approval":
      return `${project}/changes`;
    default:
      return project;
  }
}
