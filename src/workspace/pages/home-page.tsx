import { WaitingSection } from "../../dashboards/pages/waiting-section.js";
import type { Waiting } from "../../dashboards/waiting.js";
import { dashboardMessages, fill } from "../../i18n/dashboards.js";
import type { WorkspaceProjectSummary } from "../projects.js";
import { modeLabel, roleLabel } from "./labels.js";
import { WorkspaceFrame, type WorkspacePage } from "./frame.js";

/** The signed-in user's home: what waits for it, then its projects with their counts. */
export function WorkspaceHomePage(props: {
  page: WorkspacePage;
  projects: WorkspaceProjectSummary[];
  waiting: Waiting;
}) {
  const { page, projects, waiting } = props;
  const { w } = page;
  const d = dashboardMessages(page.t.language);
  const counts = new Map(waiting.projects.map((entry) => [entry.projectId, entry]));
  return (
    <WorkspaceFrame page={page} title={w.myProjects}>
      <WaitingSection d={d} waiting={waiting} />
      <h2>{w.myProjects}</h2>
      {projects.length === 0 ? (
        <p>{w.noProjects}</p>
      ) : (
        <ul class="results-list">
          {projects.map((project) => {
            const count = counts.get(project.id);
            return (
              <li class="result">
                <h3>
                  <a href={`/workspace/projects/${encodeURIComponent(project.id)}`}>
                    {project.title}
                  </a>
                </h3>
                {count ? (
                  <p>
                    {fill(d.projectWaiting, { count: count.waiting })}
                    {count.overdue > 0 ? (
                      <>
                        {" "}
                        <span class="status status-cancelled">
                          {fill(d.projectOverdue, { count: count.overdue })}
                        </span>
                      </>
                    ) : null}
                  </p>
                ) : null}
                <dl class="facts">
                  <dt>{w.agency}</dt>
                  <dd>{project.agencyName}</dd>
                  <dt>{w.period}</dt>
                  <dd>{`${project.startDate} – ${project.plannedCompletionDate}`}</dd>
                  <dt>{w.mode}</dt>
                  <dd>{modeLabel(w, project.mode)}</dd>
                  {project.roles.length > 0 ? (
                    <>
                      <dt>{w.yourRoles}</dt>
                      <dd>{project.roles.map((role) => roleLabel(w, role)).join(", ")}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </WorkspaceFrame>
  );
}
