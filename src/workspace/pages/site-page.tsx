import type { Child } from "hono/jsx";
import type { DocumentCategory, PositionCheck } from "../../db/types-documents-photos.js";
import type {
  ChecklistResult,
  FindingStatus,
  IncidentKind,
  IncidentSeverity,
} from "../../db/types-safety-evaluations.js";
import { payeeAccountMessages } from "../../i18n/payee-accounts.js";
import type { SiteRecordMessages } from "../../i18n/site-records.js";
import { WorkspaceFrame, type WorkspacePage } from "./frame.js";

/** Context of the document, photo and safety pages: the workspace page, labels and project. */
export interface SitePage extends WorkspacePage {
  s: SiteRecordMessages;
  projectId: string;
  projectTitle: string;
}

/** Builds the project's path in the workspace, followed by `rest`. */
export function sitePath(page: SitePage, rest = ""): string {
  return `/workspace/projects/${encodeURIComponent(page.projectId)}${rest}`;
}

/**
 * Renders the workspace frame with links to the project, its documents, photos, safety and
 * payees' bank accounts.
 */
export function SiteFrame(props: { page: SitePage; title: string; children: Child }) {
  const { page } = props;
  const { s } = page;
  return (
    <WorkspaceFrame page={page} title={`${props.title} · ${page.projectTitle}`}>
      <nav aria-label={page.projectTitle} class="workspace-tabs">
        <a href={sitePath(page)}>{page.projectTitle}</a>
        {" · "}
        <a href={sitePath(page, "/documents")}>{s.documents}</a>
        {" · "}
        <a href={sitePath(page, "/photos")}>{s.photos}</a>
        {" · "}
        <a href={sitePath(page, "/safety")}>{s.safety}</a>
        {" · "}
        <a href={sitePath(page, "/bank-accounts")}>{payeeAccountMessages(page.t.language).title}</a>
      </nav>
      {props.children}
    </WorkspaceFrame>
  );
}

/** Returns the label of a document category. */
export function categoryLabel(s: SiteRecordMessages, category: DocumentCategory): string {
  const labels: Record<DocumentCategory, string> = {
    drawing: s.categoryDrawing,
    specification: s.categorySpecification,
    approval: s.categoryApproval,
    test_report: s.categoryTestReport,
    minutes: s.categoryMinutes,
    as_built: s.categoryAsBuilt,
  };
  return labels[category];
}

/** Returns the label of a document version's approval state. */
export function versionStatusLabel(
  s: SiteRecordMessages,
  status: "submitted" | "approved" | "rejected",
): string {
  const labels = {
    submitted: s.statusSubmitted,
    approved: s.statusApproved,
    rejected: s.statusRejected,
  };
  return labels[status];
}

/** Returns the label of a photo's position check. */
export function positionLabel(s: SiteRecordMessages, check: PositionCheck): string {
  const labels: Record<PositionCheck, string> = {
    within_area: s.positionWithinArea,
    outside_area: s.positionOutsideArea,
    not_checked: s.positionNotChecked,
    no_position: s.positionNoPosition,
  };
  return labels[check];
}

/** Returns the label of a checklist result. */
export function resultLabel(s: SiteRecordMessages, result: ChecklistResult): string {
  const labels: Record<ChecklistResult, string> = {
    pass: s.resultPass,
    fail: s.resultFail,
    not_applicable: s.resultNotApplicable,
  };
  return labels[result];
}

/** Returns the label of a finding's status. */
export function findingStatusLabel(s: SiteRecordMessages, status: FindingStatus): string {
  const labels: Record<FindingStatus, string> = {
    open: s.findingOpen,
    action_reported: s.findingActionReported,
    closed: s.findingClosed,
  };
  return labels[status];
}

/** The incident kinds, in the order the form offers them. */
export const INCIDENT_KINDS: readonly IncidentKind[] = [
  "fall",
  "struck_by",
  "collapse",
  "electrical",
  "fire",
  "equipment",
  "near_miss",
  "other",
];

/** Returns the label of an incident kind. */
export function incidentKindLabel(s: SiteRecordMessages, kind: IncidentKind): string {
  const labels: Record<IncidentKind, string> = {
    fall: s.kindFall,
    struck_by: s.kindStruckBy,
    collapse: s.kindCollapse,
    electrical: s.kindElectrical,
    fire: s.kindFire,
    equipment: s.kindEquipment,
    near_miss: s.kindNearMiss,
    other: s.kindOther,
  };
  return labels[kind];
}

/** The incident severities, mildest first. */
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ["minor", "serious", "fatal"];

/** Returns the label of an incident severity. */
export function severityLabel(s: SiteRecordMessages, severity: IncidentSeverity): string {
  const labels: Record<IncidentSeverity, string> = {
    minor: s.severityMinor,
    serious: s.severitySerious,
    fatal: s.severityFatal,
  };
  return labels[severity];
}

/** Shows an instant as "YYYY-MM-DD HH:MM UTC". */
export function formatInstant(at: Date): string {
  return `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** Shows a size in bytes with a binary unit, e.g. "1.5 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}

/** Renders a labelled text area with its hint and its error, if any. */
export function TextArea(props: {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  problems: { path: string; message: string }[];
  rows?: number;
  required?: boolean;
}) {
  const error = props.problems.find((problem) => problem.path === props.name);
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

/** Renders a labelled select with its hint and error, if any, from [value, label] pairs. */
export function SelectField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  options: [string, string][];
  problems: { path: string; message: string }[];
  hint?: string | undefined;
}) {
  const error = props.problems.find((problem) => problem.path === props.name);
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? "")}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Renders a labelled file input with its hint and its error, if any. */
export function FileField(props: {
  name: string;
  label: string;
  hint: string;
  problems: { path: string; message: string }[];
  accept?: string;
  capture?: "environment" | "user";
  multiple?: boolean;
}) {
  const error = props.problems.find((problem) => problem.path === props.name);
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error.message}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type="file"
        accept={props.accept}
        capture={props.capture}
        multiple={props.multiple}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}
