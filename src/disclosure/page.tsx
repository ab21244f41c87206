import type { Problem } from "../http/errors.js";
import type { DisclosureMessages } from "../i18n/disclosure.js";
import {
  CsrfField,
  ErrorSummary,
  WorkspaceFrame,
  type WorkspacePage,
} from "../workspace/pages/frame.js";
import type { PolicyEntry } from "./policy.js";

/**
 * Renders the administrator's page of a jurisdiction's disclosure policy, one checkbox per category.
 *
 * NOTE: the category descriptions come from `DISCLOSURE_CATEGORIES` and are in English only.
 */
export function DisclosurePolicyPage(props: {
  page: WorkspacePage;
  d: DisclosureMessages;
  jurisdictionId: string;
  entries: PolicyEntry[];
  problems: Problem[];
  saved: boolean;
}) {
  const { page, d, entries } = props;
  return (
    <WorkspaceFrame page={page} title={d.title}>
      <h1>{`${d.title}: ${props.jurisdictionId}`}</h1>
      <p>{d.intro}</p>
      {props.saved ? (
        <p role="status" class="saved">
          {d.saved}
        </p>
      ) : null}
      <ErrorSummary problems={props.problems} w={page.w} labels={{}} />
      <form method="post">
        <CsrfField token={page.csrfToken} />
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{d.category}</th>
                <th scope="col">{d.records}</th>
                <th scope="col">{d.isPublic}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr>
                  <td>
                    <label for={`field-categories.${entry.category}`}>{entry.category}</label>
                  </td>
                  <td>{entry.description}</td>
                  <td>
                    {entry.adjustable ? (
                      <input
                        type="checkbox"
                        id={`field-categories.${entry.category}`}
                        name="public"
                        value={entry.category}
                        checked={entry.isPublic}
                      />
                    ) : (
                      d.alwaysPrivate
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="submit">{d.save}</button>
      </form>
    </WorkspaceFrame>
  );
}
