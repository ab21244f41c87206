import type { WorkspaceProjectSummary } from "../projects.js";
import { modeLabel, roleLabel } from "./labels.js";
import { WorkspaceFrame, type WorkspacePage } from "./frame.js";

/** The signed-in user's projects. */
export function WorkspaceHomePage(props: {
  page: WorkspacePage;
  projects: WorkspaceProjectSummary[];
}) {
  const { page, projects } = props;
  const { w } = page;
  return (
    <WorkspaceFrame page={page} title={w.myProjects}>
      <h1>{w.myProjects}</h1>
      {projects.length === 0 ? (
        <p>{w.noProjects}</p>
      ) : (
        <ul class="results-list">
          {projects.map((project) => (
            <li class="result">
              <h3>
                <a href={`/workspace/projects/${encodeURIComponent(project.id)}`}>
                  {project.title}
                </a>
              </h3>
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
          ))}
        </ul>
      )}
    </WorkspaceFrame>
  );
}
