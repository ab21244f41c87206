import type { Problem } from "../../http/errors.js";
import { attendanceImportMessages } from "../../i18n/attendance-import.js";
import { changeMessages } from "../../i18n/changes.js";
import { evaluationMessages } from "../../i18n/evaluations.js";
import { payeeAccountMessages } from "../../i18n/payee-accounts.js";
import { retentionMessages } from "../../i18n/retention.js";
import { scheduleReportMessages } from "../../i18n/schedule-reports.js";
import { siteRecordMessages } from "../../i18n/site-records.js";
import { PROJECT_ROLES } from "../members.js";
import type { WorkspaceProject } from "../projects.js";
import { CsrfField, ErrorSummary, WorkspaceFrame, type WorkspacePage } from "./frame.js";
import { modeLabel, roleLabel } from "./labels.js";

/** A registered project: its contract, mode and members, and the form that links users. */
export function WorkspaceProjectPage(props: {
  page: WorkspacePage;
  project: WorkspaceProject;
  amount: string;
  /** Users that can be linked; empty when the viewer may not manage members. */
  candidates: { id: number; displayName: string }[];
  canManageMembers: boolean;
  problems: Problem[];
  values: Record<string, string>;
}) {
  const { page, project, problems, values } = props;
  const { w } = page;
  const r = scheduleReportMessages(page.t.language);
  const c = changeMessages(page.t.language);
  const s = siteRecordMessages(page.t.language);
  const path = `/workspace/projects/${encodeURIComponent(project.id)}`;
  return (
    <WorkspaceFrame page={page} title={project.title}>
      <h1>{project.title}</h1>
      <dl class="facts">
        <dt>{w.agency}</dt>
        <dd>{project.agencyName}</dd>
        <dt>{w.contractAmount}</dt>
        <dd>{props.amount}</dd>
        <dt>{w.period}</dt>
        <dd>{`${project.startDate} – ${project.plannedCompletionDate}`}</dd>
        <dt>{w.mode}</dt>
        <dd>{modeLabel(w, project.mode)}</dd>
      </dl>
      <p>
        <a href={`/projects/${encodeURIComponent(project.id)}`}>{w.viewPublicPage}</a>
      </p>
      <nav aria-label={project.title} class="workspace-tabs">
        <a href={`${path}/schedule`}>{r.schedule}</a>
        {" · "}
        <a href={`${path}/reports`}>{r.reports}</a>
        {" · "}
        <a href={`${path}/directives`}>{c.directives}</a>
        {" · "}
        <a href={`${path}/changes`}>{c.changes}</a>
        {" · "}
        <a href={`${path}/evaluations`}>{evaluationMessages(page.t.language).evaluations}</a>
        {" · "}
        <a href={`${path}/documents`}>{s.documents}</a>
        {" · "}
        <a href={`${path}/photos`}>{s.photos}</a>
        {" · "}
        <a href={`${path}/safety`}>{s.safety}</a>
      </nav>
      <nav aria-label={w.directPayment} class="workspace-tabs">
        <a href={`${path}/bank-accounts`}>{payeeAccountMessages(page.t.language).title}</a>
        {" · "}
        <a href={`${path}/attendance-import`}>{attendanceImportMessages(page.t.language).title}</a>
        {" · "}
        <a href={`${path}/retention`}>{retentionMessages(page.t.language).title}</a>
      </nav>

      <h2>{w.members}</h2>
      {project.members.length === 0 ? (
        <p>{w.noMembers}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{w.member}</th>
                <th scope="col">{w.organisation}</th>
                <th scope="col">{w.role}</th>
              </tr>
            </thead>
            <tbody>
              {project.members.map((member) => (
                <tr>
                  <td>{member.displayName}</td>
                  <td>{member.organisationName ?? ""}</td>
                  <td>{roleLabel(w, member.role)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {props.canManageMembers ? (
        <form
          method="post"
          action={`/workspace/projects/${encodeURIComponent(project.id)}/members`}
          class="form"
        >
          <h3>{w.addMember}</h3>
          <ErrorSummary problems={problems} w={w} labels={{ userId: w.user, role: w.role }} />
          <CsrfField token={page.csrfToken} />
          <div class="field">
            <label for="field-userId">{w.user}</label>
            <select id="field-userId" name="userId" required>
              {props.candidates.map((user) => (
                <option value={String(user.id)} selected={String(user.id) === values.userId}>
                  {user.displayName}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="field-role">{w.role}</label>
            <select id="field-role" name="role" required>
              {PROJECT_ROLES.map((role) => (
                <option value={role} selected={role === values.role}>
                  {roleLabel(w, role)}
                </option>
              ))}
            </select>
          </div>
          <div class="actions">
            <button type="submit">{w.submitMember}</button>
          </div>
        </form>
      ) : null}
    </WorkspaceFrame>
  );
}
