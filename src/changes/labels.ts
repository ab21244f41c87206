import type { ChangeMessages } from "../i18n/changes.js";
import type { ChangeKind, ChangeStatus, DirectiveStatus, DirectiveStep } from "./tables.js";

const DIRECTIVE_STATUS: Record<DirectiveStatus, keyof ChangeMessages> = {
  open: "directiveOpen",
  answered: "directiveAnswered",
  closed: "directiveClosed",
};

const DIRECTIVE_STEP: Record<DirectiveStep, keyof ChangeMessages> = {
  issue: "stepIssue",
  report: "stepReport",
  close: "stepClose",
  reopen: "stepReopen",
};

const CHANGE_KIND: Record<ChangeKind, keyof ChangeMessages> = {
  design_change: "kindDesignChange",
  time_extension: "kindTimeExtension",
  penalty: "kindPenalty",
};

const CHANGE_STATUS: Record<ChangeStatus, keyof ChangeMessages> = {
  requested: "changeRequested",
  reviewed: "changeReviewed",
  approved: "changeApproved",
  rejected: "changeRejected",
};

/** Returns the label of a directive status. */
export function directiveStatusLabel(c: ChangeMessages, status: DirectiveStatus): string {
  return c[DIRECTIVE_STATUS[status]];
}

/** Returns the label of a step in a directive's history. */
export function directiveStepLabel(c: ChangeMessages, step: DirectiveStep): string {
  return c[DIRECTIVE_STEP[step]];
}

/** Returns the label of a change request's kind. */
export function changeKindLabel(c: ChangeMessages, kind: ChangeKind): string {
  return c[CHANGE_KIND[kind]];
}

/** Returns the label of a change request's status. */
export function changeStatusLabel(c: ChangeMessages, status: ChangeStatus): string {
  return c[CHANGE_STATUS[status]];
}
