import type { UserSummary } from "../../accounts/users.js";
import { JURISDICTION_ROLES } from "../../accounts/users.js";
import type { Problem } from "../../http/errors.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame, type WorkspacePage } from "./frame.js";
import { roleLabel } from "./labels.js";

/** The administrator's page: users, a form for a new user and one for a new organisation. */
export function UsersPage(props: {
  page: WorkspacePage;
  users: UserSummary[];
  organisations: { id: string; name: string }[];
  /** Which form the problems and values belong to. */
  form: "user" | "organisation" | undefined;
  problems: Problem[];
  values: Record<string, string | string[]>;
  saved: boolean;
}) {
  const { page, problems, form } = props;
  const { w } = page;
  const text = (name: string) => {
    const value = props.values[name];
    return typeof value === "string" ? value : "";
  };
  const chosenRoles = ([] as string[]).concat(props.values.jurisdictionRoles ?? []);
  const userProblems = form === "user" ? problems : [];
  const organisationProblems = form === "organisation" ? problems : [];
  const organisationName = new Map(props.organisations.map((o) => [o.id, o.name]));

  return (
    <WorkspaceFrame page={page} title={w.users}>
      <h1>{w.users}</h1>
      {props.saved ? (
        <p role="status" class="saved">
          {w.created}
        </p>
      ) : null}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{w.displayName}</th>
              <th scope="col">{w.email}</th>
              <th scope="col">{w.organisation}</th>
              <th scope="col">{w.jurisdictionRoles}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((user) => (
              <tr>
                <td>{user.displayName}</td>
                <td>{user.email}</td>
                <td>
                  {user.organisationId
                    ? (organisationName.get(user.organisationId) ?? user.organisationId)
                    : ""}
                </td>
                <td>{user.jurisdictionRoles.map((role) => roleLabel(w, role)).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <form method="post" action="/workspace/users" class="form" novalidate>
        <h2>{w.newUser}</h2>
        <ErrorSummary
          problems={userProblems}
          w={w}
          labels={{
            email: w.email,
            displayName: w.displayName,
            password: w.password,
            organisationId: w.organisation,
            jurisdictionRoles: w.jurisdictionRoles,
          }}
        />
        <CsrfField token={page.csrfToken} />
        <Field
          name="displayName"
          label={w.displayName}
          value={text("displayName")}
          problems={userProblems}
          required
        />
        <Field
          name="email"
          label={w.email}
          type="email"
          value={text("email")}
          problems={userProblems}
          required
        />
        <Field
          name="password"
          label={w.password}
          type="password"
          hint={w.passwordHint}
          problems={userProblems}
          required
          autocomplete="new-password"
        />
        <div class="field">
          <label for="field-organisationId">{w.organisation}</label>
          <select id="field-organisationId" name="organisationId">
            <option value="">{w.noOrganisation}</option>
            {props.organisations.map((organisation) => (
              <option value={organisation.id} selected={organisation.id === text("organisationId")}>
                {organisation.name}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field">
          <legend>{w.jurisdictionRoles}</legend>
          {JURISDICTION_ROLES.map((role) => (
            <label class="check">
              <input
                type="checkbox"
                name="jurisdictionRoles"
                value={role}
                checked={chosenRoles.includes(role)}
              />{" "}
              {roleLabel(w, role)}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit">{w.submitUser}</button>
        </div>
      </form>

      <form method="post" action="/workspace/organisations" class="form" novalidate>
        <h2>{w.newOrganisation}</h2>
        <ErrorSummary
          problems={organisationProblems}
          w={w}
          labels={{
            name: w.organisationName,
            identifierScheme: w.identifierScheme,
            identifierId: w.identifierId,
          }}
        />
        <CsrfField token={page.csrfToken} />
        <Field
          name="name"
          label={w.organisationName}
          value={form === "organisation" ? text("name") : ""}
          problems={organisationProblems}
          required
        />
        <Field
          name="identifierScheme"
          label={w.identifierScheme}
          hint={w.identifierSchemeHint}
          value={form === "organisation" ? text("identifierScheme") : ""}
          problems={organisationProblems}
        />
        <Field
          name="identifierId"
          label={w.identifierId}
          value={form === "organisation" ? text("identifierId") : ""}
          problems={organisationProblems}
        />
        <div class="actions">
          <button type="submit">{w.submitOrganisation}</button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}
