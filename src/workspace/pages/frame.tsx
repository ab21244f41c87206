import type { Child } from "hono/jsx";
import type { Principal } from "../../accounts/permissions.js";
import { can } from "../../accounts/permissions.js";
import type { Problem } from "../../http/errors.js";
import { dashboardMessages } from "../../i18n/dashboards.js";
import { importMessages } from "../../i18n/imports.js";
import type { WorkspaceMessages } from "../../i18n/workspace.js";
import { Layout, type PageContext } from "../../portal/layout.js";
import { CSRF_FIELD } from "../../accounts/middleware.js";

/** What every workspace page gets: the portal's page context plus the workspace labels. */
export interface WorkspacePage extends PageContext {
  w: WorkspaceMessages;
  /** The signed-in user; unset on the sign-in page. */
  principal?: Principal | undefined;
  /** The session's CSRF token, put into every form. */
  csrfToken?: string | undefined;
}

/** The hidden CSRF field of a form. */
export function CsrfField(props: { token: string | undefined }) {
  return props.token ? <input type="hidden" name={CSRF_FIELD} value={props.token} /> : null;
}

/** The portal layout with the workspace navigation and the sign-out button. */
export function WorkspaceFrame(props: { page: WorkspacePage; title: string; children: Child }) {
  const { page, title, children } = props;
  const { w, principal } = page;
  return (
    <Layout t={page.t} currentUrl={page.currentUrl} isDemo={page.isDemo} title={title}>
      {principal ? (
        <nav aria-label={w.workspace} class="workspace-nav">
          <ul>
            <li>
              <a href="/workspace">{w.myProjects}</a>
            </li>
            {can(principal, "project.list.all") ? (
              <li>
                <a href="/workspace/overview">{dashboardMessages(page.t.language).overviewTitle}</a>
              </li>
            ) : null}
            {can(principal, "project.register") ? (
              <li>
                <a href="/workspace/projects/new">{w.registerProject}</a>
              </li>
            ) : null}
            {can(principal, "user.manage") ? (
              <li>
                <a href="/workspace/users">{w.users}</a>
              </li>
            ) : null}
            {can(principal, "import.manage") ? (
              <li>
                <a href="/workspace/imports">{importMessages(page.t.language).imports}</a>
              </li>
            ) : null}
            <li>
              <form method="post" action="/workspace/logout">
                <CsrfField token={page.csrfToken} />
                <span class="muted">{w.signedInAs.replace("{name}", principal.displayName)} </span>
                <button type="submit" class="link-button">
                  {w.signOut}
                </button>
              </form>
            </li>
          </ul>
        </nav>
      ) : null}
      {children}
    </Layout>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary(props: {
  problems: Problem[];
  w: WorkspaceMessages;
  labels: Record<string, string>;
}) {
  if (props.problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{props.w.errorSummary}</p>
      <ul>
        {props.problems.map((problem) => (
          <li>
            {problem.path ? (
              <a href={`#field-${problem.path}`}>
                {`${props.labels[problem.path] ?? problem.path}: ${problem.message}`}
              </a>
            ) : (
              problem.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Properties of `Field`. */
export interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  type?: string;
  hint?: string | undefined;
  problems: Problem[];
  required?: boolean;
  autocomplete?: string;
  inputmode?: "decimal" | "numeric" | "email" | "text";
}

/** One labelled input with its hint and its error, if any. */
export function Field(props: FieldProps) {
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
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}
