import type { Problem } from "../http/errors.js";
import { CsrfField, ErrorSummary, Field } from "../workspace/pages/frame.js";
import {
  findingStatusLabel,
  formatInstant,
  INCIDENT_KINDS,
  INCIDENT_SEVERITIES,
  incidentKindLabel,
  resultLabel,
  SelectField,
  severityLabel,
  SiteFrame,
  sitePath,
  TextArea,
  type SitePage,
} from "../workspace/pages/site-page.js";
import type { Incident } from "./incidents.js";
import type { Finding, Inspection } from "./inspections.js";

/** An organisation that can be made responsible for a finding. */
export interface Organisation {
  id: string;
  name: string;
}

/** Renders a finding's status, marked overdue when its deadline has passed while open. */
function FindingStatus(props: { page: SitePage; finding: Finding }) {
  const { s } = props.page;
  const { finding } = props;
  return (
    <>
      <span class={`finding-status status-${finding.status}`}>
        {findingStatusLabel(s, finding.status)}
      </span>
      {finding.overdue ? <strong class="badge overdue">{` ${s.overdue}`}</strong> : null}
    </>
  );
}

/** Renders the safety overview: findings by deadline, inspections and incidents. */
export function SafetyPage(props: {
  page: SitePage;
  findings: Finding[];
  inspections: Inspection[];
  incidents: Incident[];
  canInspect: boolean;
  canReport: boolean;
}) {
  const { page, findings, inspections, incidents } = props;
  const { s } = page;
  return (
    <SiteFrame page={page} title={s.safety}>
      <h1>{s.safety}</h1>
      {props.canInspect || props.canReport ? (
        <p class="actions">
          {props.canInspect ? (
            <a class="button" href={sitePath(page, "/safety/inspections/new")}>
              {s.newInspection}
            </a>
          ) : null}
          {props.canReport ? (
            <a class="button secondary" href={sitePath(page, "/safety/incidents/new")}>
              {s.reportIncident}
            </a>
          ) : null}
        </p>
      ) : null}
      <h2>{s.findings}</h2>
      {findings.length === 0 ? (
        <p>{s.noFindings}</p>
      ) : (
        <div class="table-scroll">
          <table class="findings stack-table">
            <thead>
              <tr>
                <th scope="col">{s.item}</th>
                <th scope="col">{s.status}</th>
                <th scope="col">{s.deadline}</th>
                <th scope="col">{s.responsible}</th>
              </tr>
            </thead>
            <tbody>
              {findings.map((finding) => (
                <tr class={finding.overdue ? "overdue" : undefined}>
                  <td>
                    <a href={sitePath(page, `/safety/findings/${finding.id}`)}>{finding.item}</a>
                  </td>
                  <td data-label={s.status}>
                    <FindingStatus page={page} finding={finding} />
                  </td>
                  <td data-label={s.deadline}>{finding.deadline}</td>
                  <td data-label={s.responsible}>{finding.responsibleOrganisation.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{s.inspections}</h2>
      {inspections.length === 0 ? (
        <p>{s.noInspections}</p>
      ) : (
        <ul>
          {inspections.map((inspection) => (
            <li>
              <a href={sitePath(page, `/safety/inspections/${inspection.id}`)}>
                {`${inspection.date}, ${inspection.inspector.displayName}`}
              </a>
              {` · ${s.findings}: ${inspection.findings.length}`}
            </li>
          ))}
        </ul>
      )}
      <h2>{s.incidents}</h2>
      {incidents.length === 0 ? (
        <p>{s.noIncidents}</p>
      ) : (
        <IncidentTable page={page} incidents={incidents} />
      )}
    </SiteFrame>
  );
}

function IncidentTable(props: { page: SitePage; incidents: Incident[] }) {
  const { s } = props.page;
  return (
    <div class="table-scroll">
      <table class="incidents stack-table">
        <thead>
          <tr>
            <th scope="col">{s.date}</th>
            <th scope="col">{s.kind}</th>
            <th scope="col">{s.severity}</th>
            <th scope="col" class="number">
              {s.injuries}
            </th>
            <th scope="col">{s.description}</th>
            <th scope="col">{s.actionsAfter}</th>
            <th scope="col">{s.reportedBy}</th>
          </tr>
        </thead>
        <tbody>
          {props.incidents.map((incident) => (
            <tr>
              <td data-label={s.date}>{incident.date}</td>
              <td data-label={s.kind}>{incidentKindLabel(s, incident.kind)}</td>
              <td data-label={s.severity}>{severityLabel(s, incident.severity)}</td>
              <td data-label={s.injuries} class="number">
                {incident.injuries}
              </td>
              <td data-label={s.description}>{incident.description}</td>
              <td data-label={s.actionsAfter}>{incident.actions}</td>
              <td data-label={s.reportedBy}>{incident.reportedBy.displayName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Counts the checklist rows of the inspection form: the used ones and two blank ones. */
function rowCount(values: Record<string, string>, defaults: number): number {
  const used = Object.keys(values)
    .map((name) => /^items\.(\d+)\./.exec(name))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]) + 1);
  return Math.max(defaults + 2, ...used);
}

/** Renders the inspection form: the checklist, each failed item with its corrective action. */
export function InspectionFormPage(props: {
  page: SitePage;
  organisations: Organisation[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, organisations, problems } = props;
  const { s } = page;
  const fresh = !Object.keys(props.values).some((name) => name.startsWith("items."));
  const values: Record<string, string> = { ...props.values };
  if (fresh) s.defaultChecklist.forEach((item, row) => (values[`items.${row}.item`] = item));
  const labels: Record<string, string> = { date: s.date, note: s.note, items: s.checklist };
  const fieldLabels: Record<string, string> = {
    item: s.item,
    result: s.result,
    note: s.note,
    correctiveAction: s.correctiveAction,
    responsibleOrganisationId: s.responsible,
    deadline: s.deadline,
  };
  for (const problem of problems) {
    const match = /^items\.(\d+)\.(\w+)$/.exec(problem.path);
    if (match) {
      const item = values[`items.${match[1]}.item`] || `${s.item} ${Number(match[1]) + 1}`;
      labels[problem.path] = `${item}, ${fieldLabels[match[2]!] ?? match[2]}`;
    }
  }
  const rows = rowCount(values, s.defaultChecklist.length);
  return (
    <SiteFrame page={page} title={s.newInspection}>
      <h1>{s.newInspection}</h1>
      <form method="post" action={sitePath(page, "/safety/inspections")} class="form" novalidate>
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <Field name="date" label={s.date} type="date" value={values.date} problems={problems} />
        <fieldset class="rows checklist" id="field-items">
          <legend>{s.checklist}</legend>
          <p class="hint">{s.checklistHint}</p>
          {problems
            .filter((problem) => problem.path === "items")
            .map((problem) => (
              <p class="field-error">{problem.message}</p>
            ))}
          {Array.from({ length: rows }, (_, row) => {
            const name = (field: string) => `items.${row}.${field}`;
            const failing =
              values[name("result")] === "fail" ||
              problems.some((problem) => problem.path.startsWith(`items.${row}.`));
            return (
              <div class="row checklist-item">
                <Field
                  name={name("item")}
                  label={`${s.item} ${row + 1}`}
                  value={values[name("item")]}
                  problems={problems}
                />
                <SelectField
                  name={name("result")}
                  label={s.result}
                  value={values[name("result")]}
                  options={[
                    ["", s.notInspected],
                    ["pass", s.resultPass],
                    ["fail", s.resultFail],
                    ["not_applicable", s.resultNotApplicable],
                  ]}
                  problems={problems}
                />
                <details open={failing}>
                  <summary>{s.ifFailed}</summary>
                  <TextArea
                    name={name("correctiveAction")}
                    label={s.correctiveAction}
                    value={values[name("correctiveAction")]}
                    problems={problems}
                    rows={2}
                  />
                  <SelectField
                    name={name("responsibleOrganisationId")}
                    label={s.responsible}
                    value={values[name("responsibleOrganisationId")]}
                    options={[
                      ["", s.choose],
                      ...organisations.map((organisation): [string, string] => [
                        organisation.id,
                        organisation.name,
                      ]),
                    ]}
                    problems={problems}
                  />
                  <Field
                    name={name("deadline")}
                    label={s.deadline}
                    type="date"
                    value={values[name("deadline")]}
                    problems={problems}
                  />
                  <Field
                    name={name("note")}
                    label={s.note}
                    value={values[name("note")]}
                    problems={problems}
                  />
                </details>
              </div>
            );
          })}
        </fieldset>
        <TextArea name="note" label={s.note} value={values.note} problems={problems} rows={2} />
        <div class="actions">
          <button type="submit">{s.newInspection}</button>
        </div>
      </form>
    </SiteFrame>
  );
}

/** Renders one inspection's checklist and the findings it raised. */
export function InspectionPage(props: { page: SitePage; inspection: Inspection }) {
  const { page, inspection } = props;
  const { s } = page;
  const findingOf = new Map(inspection.findings.map((finding) => [finding.item, finding]));
  return (
    <SiteFrame page={page} title={`${s.inspection} ${inspection.date}`}>
      <h1>{`${s.inspection}: ${inspection.date}`}</h1>
      <dl class="record-facts">
        <dt>{s.inspector}</dt>
        <dd>{inspection.inspector.displayName}</dd>
        {inspection.note ? (
          <>
            <dt>{s.note}</dt>
            <dd>{inspection.note}</dd>
          </>
        ) : null}
      </dl>
      <h2>{s.checklist}</h2>
      <div class="table-scroll">
        <table class="checklist-results">
          <thead>
            <tr>
              <th scope="col">{s.item}</th>
              <th scope="col">{s.result}</th>
              <th scope="col">{s.note}</th>
              <th scope="col">{s.finding}</th>
            </tr>
          </thead>
          <tbody>
            {inspection.items.map((line) => {
              const finding = line.result === "fail" ? findingOf.get(line.item) : undefined;
              return (
                <tr>
                  <td>{line.item}</td>
                  <td class={`result-${line.result}`}>{resultLabel(s, line.result)}</td>
                  <td>{line.note ?? ""}</td>
                  <td>
                    {finding ? (
                      <a href={sitePath(page, `/safety/findings/${finding.id}`)}>
                        {`${finding.deadline}: `}
                        <FindingStatus page={page} finding={finding} />
                      </a>
                    ) : (
                      ""
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </SiteFrame>
  );
}

/** Renders one finding: the action requested, the action reported, and the forms that move it. */
export function FindingPage(props: {
  page: SitePage;
  finding: Finding;
  canReportAction: boolean;
  canVerify: boolean;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, finding, values, problems } = props;
  const { s } = page;
  const path = (rest: string) => sitePath(page, `/safety/findings/${finding.id}${rest}`);
  return (
    <SiteFrame page={page} title={`${s.finding}: ${finding.item}`}>
      <h1>{`${s.finding}: ${finding.item}`}</h1>
      <dl class="record-facts">
        <dt>{s.status}</dt>
        <dd>
          <FindingStatus page={page} finding={finding} />
        </dd>
        <dt>{s.correctiveAction}</dt>
        <dd>{finding.correctiveAction}</dd>
        <dt>{s.responsible}</dt>
        <dd>{finding.responsibleOrganisation.name}</dd>
        <dt>{s.deadline}</dt>
        <dd>{finding.deadline}</dd>
        {finding.actionReport ? (
          <>
            <dt>{s.actionTaken}</dt>
            <dd>
              {finding.actionReport}
              {finding.actionReportedAt ? ` (${formatInstant(finding.actionReportedAt)})` : ""}
            </dd>
          </>
        ) : null}
        {finding.verifiedAt ? (
          <>
            <dt>{s.verified}</dt>
            <dd>
              {formatInstant(finding.verifiedAt)}
              {finding.verificationNote ? `: ${finding.verificationNote}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={sitePath(page, `/safety/inspections/${finding.inspectionId}`)}>{s.inspection}</a>
      </p>
      <ErrorSummary
        problems={problems}
        w={page.w}
        labels={{ action: s.actionTaken, note: s.verificationNote, accepted: s.result }}
      />
      {props.canReportAction && finding.status === "open" ? (
        <form method="post" action={path("/action-report")} class="form" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextArea
            name="action"
            label={s.actionTaken}
            hint={s.actionTakenHint}
            value={values.action}
            problems={problems}
          />
          <div class="actions">
            <button type="submit">{s.submitAction}</button>
          </div>
        </form>
      ) : null}
      {props.canVerify && finding.status === "action_reported" ? (
        <form method="post" action={path("/verify")} class="form" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextArea
            name="note"
            label={s.verificationNote}
            hint={s.verificationNoteHint}
            value={values.note}
            problems={problems}
            rows={2}
          />
          <div class="actions">
            <button type="submit" name="accepted" value="true">
              {s.accept}
            </button>
            <button type="submit" name="accepted" value="false" class="secondary">
              {s.rejectAction}
            </button>
          </div>
        </form>
      ) : null}
    </SiteFrame>
  );
}

/** Renders the incident form, which takes the number of people injured and never their names. */
export function IncidentFormPage(props: {
  page: SitePage;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, values, problems } = props;
  const { s } = page;
  const labels = {
    date: s.date,
    kind: s.kind,
    severity: s.severity,
    description: s.description,
    injuries: s.injuries,
    actions: s.actionsAfter,
  };
  return (
    <SiteFrame page={page} title={s.reportIncident}>
      <h1>{s.reportIncident}</h1>
      <form method="post" action={sitePath(page, "/safety/incidents")} class="form" novalidate>
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <Field name="date" label={s.date} type="date" value={values.date} problems={problems} />
        <SelectField
          name="kind"
          label={s.kind}
          value={values.kind}
          options={[
            ["", s.choose],
            ...INCIDENT_KINDS.map((kind): [string, string] => [kind, incidentKindLabel(s, kind)]),
          ]}
          problems={problems}
        />
        <SelectField
          name="severity"
          label={s.severity}
          value={values.severity}
          options={[
            ["", s.choose],
            ...INCIDENT_SEVERITIES.map((severity): [string, string] => [
              severity,
              severityLabel(s, severity),
            ]),
          ]}
          problems={problems}
        />
        <TextArea
          name="description"
          label={s.description}
          value={values.description}
          problems={problems}
        />
        <Field
          name="injuries"
          label={s.injuries}
          hint={s.injuriesHint}
          value={values.injuries}
          inputmode="numeric"
          problems={problems}
        />
        <TextArea
          name="actions"
          label={s.actionsAfter}
          value={values.actions}
          problems={problems}
        />
        <div class="actions">
          <button type="submit">{s.reportIncident}</button>
        </div>
      </form>
    </SiteFrame>
  );
}
