import type { ChangeMessages } from "../i18n/changes.js";
import type { DirectiveSummary } from "../directives/directives.js";
import { formatMoney } from "../shared/money.js";
import { WorkspaceFrame, type WorkspacePage } from "../workspace/pages/frame.js";
import { roleLabel } from "../workspace/pages/labels.js";
import type { ChangeRequest } from "./changes.js";

/**
 * Renders a project's directives and change requests, read-only.
 *
 * TODO: forms to issue, answer and decide them; until then the JSON API does it.
 * NOTE: status and kind codes are shown as stored, not translated.
 */
export function ChangesPage(props: {
  page: WorkspacePage;
  c: ChangeMessages;
  projectTitle: string;
  directives: DirectiveSummary[];
  changes: Omit<ChangeRequest, "steps">[];
}) {
  const { page, c } = props;
  const language = page.t.language;
  const impactOf = (change: Omit<ChangeRequest, "steps">): string => {
    if (change.kind === "time_extension") {
      return `${change.oldCompletionDate} → ${change.newCompletionDate} (+${change.days})`;
    }
    return change.amount !== null && change.currency !== null
      ? formatMoney(change.amount, change.currency, language)
      : "";
  };
  return (
    <WorkspaceFrame page={page} title={`${c.title}: ${props.projectTitle}`}>
      <h1>{`${c.title}: ${props.projectTitle}`}</h1>
      <p>{c.apiHint}</p>

      <h2>{c.directives}</h2>
      {props.directives.length === 0 ? <p>{c.noDirectives}</p> : null}
      {props.directives.length > 0 ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{c.directive}</th>
                <th scope="col">{c.addressedTo}</th>
                <th scope="col">{c.dueDate}</th>
                <th scope="col">{c.status}</th>
              </tr>
            </thead>
            <tbody>
              {props.directives.map((directive) => (
                <tr>
                  <td>{directive.title}</td>
                  <td>{roleLabel(page.w, directive.addressedRole)}</td>
                  <td>{directive.dueDate}</td>
                  <td>
                    {directive.overdue ? `${directive.status} (${c.overdue})` : directive.status}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <h2>{c.changes}</h2>
      {props.changes.length === 0 ? <p>{c.noChanges}</p> : null}
      {props.changes.length > 0 ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{c.kind}</th>
                <th scope="col">{c.description}</th>
                <th scope="col">{c.impact}</th>
                <th scope="col">{c.requestedBy}</th>
                <th scope="col">{c.status}</th>
                <th scope="col">{c.published}</th>
              </tr>
            </thead>
            <tbody>
              {props.changes.map((change) => (
                <tr>
                  <td>{change.kind}</td>
                  <td>{change.description}</td>
                  <td>{impactOf(change)}</td>
                  <td>{change.requestedBy.displayName}</td>
                  <td>{change.status}</td>
                  <td>{change.published ? "✓" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </WorkspaceFrame>
  );
}
