import { penaltyMessages } from "../i18n/penalties.js";
import type { Translator } from "../i18n/index.js";
import type { Formatter } from "./format.js";
import { organisationPath } from "./links.js";
import type { ProjectView } from "./project-view.js";

/** Approved, published penalties; the section is left out when there are none. */
export function PenaltiesSection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, format } = props;
  if (view.penalties.length === 0) return null;
  const p = penaltyMessages(props.t.language);
  const language = view.project.language ?? undefined;
  return (
    <section aria-labelledby="penalties">
      <h2 id="penalties">{p.heading}</h2>
      <p>{p.intro}</p>
      <ol class="plain">
        {view.penalties.map((penalty) => (
          <li class="card">
            <strong>
              <a href={organisationPath(penalty.organisationId)}>{penalty.organisationName}</a>
            </strong>
            <span class="muted">{` · ${p.approved} ${format.date(penalty.approvedAt)}`}</span>
            <dl class="facts">
              <div>
                <dt>{p.amount}</dt>
                <dd>{format.money(penalty.amount, penalty.currency)}</dd>
              </div>
              <div>
                <dt>{p.description}</dt>
                <dd lang={language}>{penalty.description}</dd>
              </div>
              <div>
                <dt>{p.reason}</dt>
                <dd lang={language}>{penalty.reason}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
