import type { Formatter } from "./format.js";
import { Layout, type PageContext } from "./layout.js";
import { projectPath } from "./links.js";
import type { OrganisationView } from "./organisation-view.js";

/** The public page of an organisation: its projects with roles, and totals per currency. */
export function OrganisationPage(props: {
  page: PageContext;
  view: OrganisationView;
  format: Formatter;
}) {
  const { page, view, format } = props;
  const { t } = page;
  const m = t.messages;
  return (
    <Layout {...page} title={view.name}>
      <h1>{view.name}</h1>
      {view.identifierId ? (
        <dl class="facts">
          <div>
            <dt>{m.organisationIdentifier}</dt>
            <dd>{[view.identifierScheme, view.identifierId].filter(Boolean).join(" ")}</dd>
          </div>
        </dl>
      ) : null}
      <section aria-labelledby="totals">
        <h2 id="totals">{m.organisationTotals}</h2>
        <p>
          {m.organisationProjectCount}:{" "}
          <strong class="project-count">{view.projects.length}</strong>
        </p>
        {view.totals.length > 0 ? (
          <table class="compact">
            <thead>
              <tr>
                <th scope="col">{m.currency}</th>
                <th scope="col" class="number">
                  {m.organisationBudgetTotal}
                </th>
                <th scope="col" class="number">
                  {m.organisationContractTotal}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.totals.map((total) => (
                <tr>
                  <th scope="row">{total.currency}</th>
                  <td class="number">{format.money(total.budget, total.currency)}</td>
                  <td class="number">{format.money(total.contractValue, total.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="projects">
        <h2 id="projects">{m.organisationProjects}</h2>
        {view.projects.length === 0 ? <p>{m.organisationNone}</p> : null}
        <ul class="results-list">
          {view.projects.map((project) => (
            <li class="result">
              <h3>
                <a href={projectPath(project.id)}>{project.title}</a>
              </h3>
              <dl class="facts">
                <div>
                  <dt>{m.organisationRole}</dt>
                  <dd>{project.roles.map((role) => t.code("partyRole", role)).join(", ")}</dd>
                </div>
                <div>
                  <dt>{m.projectStatus}</dt>
                  <dd>{t.code("status", project.status)}</dd>
                </div>
                <div>
                  <dt>{m.projectBudget}</dt>
                  <dd>
                    {format.money(project.budgetAmount, project.budgetCurrency) || m.notStated}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
