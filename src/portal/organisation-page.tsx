import type { Formatter } from "./format.js";
import { Layout, type PageContext } from "./layout.js";
import { projectPath } from "./links.js";
import type { OrganisationOverview } from "../projects/organisations.js";
import { toMinorUnits } from "../shared/money.js";

/** The public page of an organisation: its projects with roles, and totals per currency. */
export function OrganisationPage(props: {
  page: PageContext;
  view: OrganisationOverview;
  format: Formatter;
}) {
  const { page, view, format } = props;
  const { t } = page;
  const m = t.messages;
  const totals = totalsByCurrency(view);
  const money = (value: { amount: number; currency: string } | null) =>
    value ? format.money(toMinorUnits(value.amount, value.currency), value.currency) : "";
  return (
    <Layout {...page} title={view.name}>
      <h1>{view.name}</h1>
      {view.identifier?.id ? (
        <dl class="facts">
          <div>
            <dt>{m.organisationIdentifier}</dt>
            <dd>{[view.identifier.scheme, view.identifier.id].filter(Boolean).join(" ")}</dd>
          </div>
        </dl>
      ) : null}
      <section aria-labelledby="totals">
        <h2 id="totals">{m.organisationTotals}</h2>
        <p>
          {m.organisationProjectCount}: <strong class="project-count">{view.projectCount}</strong>
        </p>
        {totals.length > 0 ? (
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
              {totals.map((total) => (
                <tr>
                  <th scope="row">{total.currency}</th>
                  <td class="number">{money(total.budget)}</td>
                  <td class="number">{money(total.contractValue)}</td>
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
                  <dd>{money(project.budget) || m.notStated}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

type Money = { amount: number; currency: string };

/** Pairs the budget and contract-value totals of each currency for one table row. */
function totalsByCurrency(
  view: OrganisationOverview,
): { currency: string; budget: Money | null; contractValue: Money | null }[] {
  const currencies = [
    ...new Set([...view.totals.budget, ...view.totals.contractValue].map((t) => t.currency)),
  ].sort();
  return currencies.map((currency) => ({
    currency,
    budget: view.totals.budget.find((total) => total.currency === currency) ?? null,
    contractValue: view.totals.contractValue.find((total) => total.currency === currency) ?? null,
  }));
}
