import type { Translator } from "../i18n/index.js";
import { DirectPaymentsSection } from "./direct-payments-section.js";
import { PenaltiesSection } from "./penalties-section.js";
import type { Formatter } from "./format.js";
import { Layout, type PageContext } from "./layout.js";
import { organisationPath, safeUrl } from "./links.js";
import { MarkerMap, type TileSettings } from "./map.js";
import { HistorySection } from "./project-history.js";
import { ProgressChart } from "./progress-chart.js";
import type { PartyView, ProjectView } from "./project-view.js";
import {
  DocumentsSection,
  ModificationsSection,
  PaymentsSection,
  PhotosSection,
  ProcessesSection,
} from "./project-sections.js";
import { projectProgressRows } from "../projects/project-progress.js";
import { publicSourceName } from "../projects/version-history.js";

/** Party roles shown under "ordering agency" (OC4IDS partyRole codes). */
const AGENCY_ROLES = ["publicAuthority", "buyer", "procuringEntity"];
/**
 * Role codes of the supervisor (construction manager). OC4IDS has no supervisor code: its
 * `administrativeEntity` ("the entity responsible for contract administration") is the nearest,
 * and `supervisor` is accepted as an extension code of the open partyRole codelist.
 */
const SUPERVISOR_ROLES = ["supervisor", "administrativeEntity"];
const CONTRACTOR_ROLES = ["supplier"];
/**
 * Most organisations listed per group. The airport's 292 contracts name about 200 suppliers,
 * whose cards alone weighed 55 KB of its page. The rest stay in the open data.
 */
const PARTIES_PER_GROUP = 40;

/** The public page of one project. */
export function ProjectPage(props: {
  page: PageContext;
  view: ProjectView;
  format: Formatter;
  tiles: TileSettings;
}) {
  const { page, view, format, tiles } = props;
  const { t } = page;
  const { project } = view;
  const dataLanguage = project.language ?? undefined;

  return (
    <Layout {...page} title={project.title}>
      <article>
        <h1 lang={dataLanguage}>{project.title}</h1>
        <Overview view={view} t={t} />
        {project.description ? (
          <section aria-labelledby="description">
            <h2 id="description">{t.messages.descriptionHeading}</h2>
            <p lang={dataLanguage}>{project.description}</p>
          </section>
        ) : null}
        {project.purpose ? (
          <section aria-labelledby="purpose">
            <h2 id="purpose">{t.messages.purposeHeading}</h2>
            <p lang={dataLanguage}>{project.purpose}</p>
          </section>
        ) : null}
        <LocationSection view={view} t={t} tiles={tiles} />
        <PeriodSection view={view} t={t} format={format} />
        <MoneySection view={view} t={t} format={format} />
        <OrganisationsSection view={view} t={t} />
        <ProgressSection view={view} t={t} format={format} />
        <ProcessesSection
          view={view}
          t={t}
          format={format}
          processPage={Number(page.currentUrl.searchParams.get("processes") ?? 1)}
        />
        <PaymentsSection view={view} t={t} format={format} />
        <DirectPaymentsSection view={view} t={t} format={format} />
        <ModificationsSection view={view} t={t} format={format} />
        <PenaltiesSection view={view} t={t} format={format} />
        <DocumentsSection view={view} t={t} format={format} />
        <PhotosSection view={view} t={t} format={format} />
        <ProvenanceSection view={view} t={t} format={format} />
        <HistorySection view={view} t={t} format={format} />
      </article>
    </Layout>
  );
}

function Overview(props: { view: ProjectView; t: Translator }) {
  const { view, t } = props;
  const { project } = view;
  // Many publishers name the ordering agency only as a party with a buyer or procuring role.
  const agencyParty = groupParties(view.parties).agencies[0];
  const agency =
    view.publicAuthority ??
    (agencyParty ? { id: agencyParty.organisation_id, name: agencyParty.name } : null);
  return (
    <section aria-labelledby="overview">
      <h2 id="overview" class="visually-hidden">
        {t.messages.overviewHeading}
      </h2>
      <dl class="facts">
        <div>
          <dt>{t.messages.projectStatus}</dt>
          <dd>
            <span class={`status status-${project.status ?? "unknown"}`}>
              {t.code("status", project.status)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t.messages.projectType}</dt>
          <dd>{t.code("type", project.type)}</dd>
        </div>
        <div>
          <dt>{t.messages.projectSector}</dt>
          <dd>
            {project.sector.length > 0
              ? project.sector.map((code) => t.code("sector", code)).join(", ")
              : t.messages.notStated}
          </dd>
        </div>
        <div>
          <dt>{t.messages.projectAgency}</dt>
          <dd>
            {agency ? (
              <a href={organisationPath(agency.id)}>{agency.name}</a>
            ) : (
              t.messages.notStated
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Joins the parts of an OC4IDS address that are present, in postal order. */
export function addressText(address: unknown): string {
  if (typeof address !== "object" || address === null) return "";
  const fields = address as Record<string, unknown>;
  return ["streetAddress", "locality", "region", "postalCode", "countryName"]
    .map((key) => fields[key])
    .filter((value): value is string => typeof value === "string" && value.trim() !== "")
    .join(", ");
}

function LocationSection(props: { view: ProjectView; t: Translator; tiles: TileSettings }) {
  const { view, t, tiles } = props;
  if (view.locations.length === 0) return null;
  const markers = view.locations.flatMap((location) =>
    location.latitude !== null && location.longitude !== null
      ? [
          {
            latitude: location.latitude,
            longitude: location.longitude,
            label: location.description ?? location.locality ?? view.project.title,
          },
        ]
      : [],
  );
  return (
    <section aria-labelledby="location">
      <h2 id="location">{t.messages.locationHeading}</h2>
      <ul class="plain">
        {view.locations.map((location) => {
          const address = addressText(location.address);
          const parts = [
            location.description ? (
              <span lang={view.project.language ?? undefined}>{location.description}</span>
            ) : null,
            address ? <span>{address}</span> : null,
            location.locality && !address ? (
              <span>
                {t.messages.projectDistrict}: {location.locality}
              </span>
            ) : null,
            location.latitude !== null && location.longitude !== null ? (
              <span class="muted">
                {t.messages.coordinates}: {location.latitude.toFixed(5)},{" "}
                {location.longitude.toFixed(5)}
              </span>
            ) : null,
          ].filter((part) => part !== null);
          return <li>{parts.map((part, index) => (index === 0 ? part : [" · ", part]))}</li>;
        })}
      </ul>
      {markers.length > 0 ? (
        <MarkerMap markers={markers} label={t.messages.locationMapLabel} tiles={tiles} small />
      ) : null}
    </section>
  );
}

/** Reads the actual end date from the OC4IDS completion block, when the publisher gave one. */
function completionEndDate(completion: unknown): string | undefined {
  if (typeof completion !== "object" || completion === null) return undefined;
  const endDate = (completion as Record<string, unknown>).endDate;
  return typeof endDate === "string" && !Number.isNaN(Date.parse(endDate)) ? endDate : undefined;
}

/**
 * The earliest start of a contract period among the project's processes.
 * NOTE: OC4IDS has no field for the actual start of works, so this is used as the nearest
 * published fact.
 */
function earliestContractStart(view: ProjectView): Date | undefined {
  const starts = view.processes
    .map((process) => process.contract_period_start)
    .filter((start): start is Date => start !== null);
  return starts.length > 0 ? new Date(Math.min(...starts.map(Number))) : undefined;
}

function PeriodSection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, t, format } = props;
  const { project } = view;
  const actualEnd = completionEndDate(project.completion);
  const actualStart = earliestContractStart(view);
  return (
    <section aria-labelledby="period">
      <h2 id="period">{t.messages.periodHeading}</h2>
      <table class="compact">
        <thead>
          <tr>
            <td></td>
            <th scope="col">{t.messages.periodStart}</th>
            <th scope="col">{t.messages.periodEnd}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t.messages.periodPlanned}</th>
            <td>{format.date(project.period_start) || t.messages.notStated}</td>
            <td>{format.date(project.period_end) || t.messages.notStated}</td>
          </tr>
          <tr>
            <th scope="row">{t.messages.periodActual}</th>
            <td>{actualStart ? format.date(actualStart) : t.messages.notStated}</td>
            <td>{actualEnd ? format.date(new Date(actualEnd)) : t.messages.notStated}</td>
          </tr>
        </tbody>
      </table>
      <dl class="facts">
        {project.period_max_extent ? (
          <div>
            <dt>{t.messages.periodMaxExtent}</dt>
            <dd>{format.date(project.period_max_extent)}</dd>
          </div>
        ) : null}
        {project.period_duration_days !== null ? (
          <div>
            <dt>{t.messages.periodDuration}</dt>
            <dd>{t.text("durationDays", { days: project.period_duration_days })}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** Adds amounts up per currency, skipping rows without an amount or a currency. */
export function totalsByCurrency(
  rows: { amount: number | null; currency: string | null }[],
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const { amount, currency } of rows) {
    if (amount === null || !currency) continue;
    totals.set(currency, (totals.get(currency) ?? 0) + amount);
  }
  return totals;
}

function formatTotals(totals: Map<string, number>, format: Formatter, none: string): string {
  if (totals.size === 0) return none;
  return [...totals].map(([currency, amount]) => format.money(amount, currency)).join(" + ");
}

function MoneySection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, t, format } = props;
  const { project } = view;
  const contracted = totalsByCurrency(
    view.processes.map((process) => ({
      amount: process.contract_value_amount,
      currency: process.contract_value_currency,
    })),
  );
  const paid = totalsByCurrency(view.transactions);
  // A project paid through direct payment publishes no transactions; its shares paid so far
  // are the same money, so they stand in. With transactions as well, adding both would count
  // the agency's payments twice.
  if (paid.size === 0 && view.directPayments) {
    const directlyPaid = Object.values(view.directPayments.totals).reduce(
      (sum, tally) => sum + tally.paid,
      0,
    );
    if (directlyPaid > 0) paid.set(view.directPayments.currency, directlyPaid);
  }
  return (
    <section aria-labelledby="money">
      <h2 id="money">{t.messages.moneyHeading}</h2>
      <dl class="facts">
        <div>
          <dt>{t.messages.budgetApproved}</dt>
          <dd>
            {format.money(project.budget_amount, project.budget_currency) || t.messages.notStated}
          </dd>
        </div>
        {project.budget_approval_date ? (
          <div>
            <dt>{t.messages.budgetApprovalDate}</dt>
            <dd>{format.date(project.budget_approval_date)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t.messages.contractTotal}</dt>
          <dd>{formatTotals(contracted, format, t.messages.notStated)}</dd>
        </div>
        <div>
          <dt>{t.messages.paidTotal}</dt>
          <dd>{formatTotals(paid, format, t.messages.notStated)}</dd>
        </div>
      </dl>
    </section>
  );
}

/**
 * Merges the parties that stand for the same organisation into one, with the union of their
 * roles and the contact details of each filled from the others. Publishers often list one
 * company twice under two local ids, once as tenderer and once as supplier.
 */
export function mergePartiesByOrganisation(parties: PartyView[]): PartyView[] {
  const merged = new Map<string, PartyView>();
  for (const party of parties) {
    const earlier = merged.get(party.organisation_id);
    if (!earlier) {
      merged.set(party.organisation_id, { ...party, roles: [...party.roles] });
      continue;
    }
    earlier.roles = [...new Set([...earlier.roles, ...party.roles])];
    if (party.contactPoint) {
      earlier.contactPoint = { ...party.contactPoint, ...earlier.contactPoint };
    }
  }
  return [...merged.values()];
}

/** Sorts the parties into ordering agency, supervisor, contractors and the rest. */
export function groupParties(parties: PartyView[]) {
  const hasAny = (party: PartyView, roles: string[]) =>
    party.roles.some((role) => roles.includes(role));
  const agencies = parties.filter((party) => hasAny(party, AGENCY_ROLES));
  const supervisors = parties.filter(
    (party) => !agencies.includes(party) && hasAny(party, SUPERVISOR_ROLES),
  );
  const contractors = parties.filter(
    (party) =>
      !agencies.includes(party) && !supervisors.includes(party) && hasAny(party, CONTRACTOR_ROLES),
  );
  const grouped = new Set([...agencies, ...supervisors, ...contractors]);
  const others = parties.filter((party) => !grouped.has(party));
  return { agencies, supervisors, contractors, others };
}

function OrganisationsSection(props: { view: ProjectView; t: Translator }) {
  const { view, t } = props;
  if (view.parties.length === 0) return null;
  const groups = groupParties(mergePartiesByOrganisation(view.parties));
  const rows: [string, PartyView[]][] = [
    [t.messages.roleOrderingAgency, groups.agencies],
    [t.messages.roleSupervisor, groups.supervisors],
    [t.messages.roleContractor, groups.contractors],
  ];
  return (
    <section aria-labelledby="organisations">
      <h2 id="organisations">{t.messages.organisationsHeading}</h2>
      {rows
        .filter(([, parties]) => parties.length > 0)
        .map(([heading, parties]) => (
          <>
            <h3>{heading}</h3>
            <PartyCards parties={parties} t={t} />
          </>
        ))}
      {groups.others.length > 0 ? (
        // Tenderers, funders and the like can run to dozens; they stay folded until opened.
        <details>
          <summary>
            {t.messages.roleOther} ({groups.others.length})
          </summary>
          <PartyCards parties={groups.others} t={t} />
        </details>
      ) : null}
    </section>
  );
}

function PartyCards(props: { parties: PartyView[]; t: Translator }) {
  const { parties, t } = props;
  const shown = parties.slice(0, PARTIES_PER_GROUP);
  return (
    <>
      <ul class="cards">
        {shown.map((party) => (
          <PartyCard party={party} t={t} />
        ))}
      </ul>
      {shown.length < parties.length ? (
        <p class="muted">
          {t.text("listTruncated", { shown: String(shown.length), total: String(parties.length) })}
        </p>
      ) : null}
    </>
  );
}

function PartyCard(props: { party: PartyView; t: Translator }) {
  const { party, t } = props;
  const contact = party.contactPoint;
  return (
    <li class="card">
      <a href={organisationPath(party.organisation_id)}>{party.name}</a>
      <div class="muted">{party.roles.map((role) => t.code("partyRole", role)).join(", ")}</div>
      {contact ? (
        <dl class="contact">
          {contact.name ? (
            <div>
              <dt>{t.messages.contactName}</dt>
              <dd>{contact.name}</dd>
            </div>
          ) : null}
          {contact.email ? (
            <div>
              <dt>{t.messages.contactEmail}</dt>
              <dd>
                <a href={`mailto:${contact.email}`}>{contact.email}</a>
              </dd>
            </div>
          ) : null}
          {contact.telephone ? (
            <div>
              <dt>{t.messages.contactTelephone}</dt>
              <dd>{contact.telephone}</dd>
            </div>
          ) : null}
          {safeUrl(contact.url) ? (
            <div>
              <dt>{t.messages.contactUrl}</dt>
              <dd>
                <a href={safeUrl(contact.url)}>{contact.url}</a>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
    </li>
  );
}

function ProgressSection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, t, format } = props;
  const kinds = [
    ["physical", t.messages.progressPhysical],
    ["financial", t.messages.progressFinancial],
  ] as const;
  const charts = kinds
    .map(([kind, heading]) => {
      const series = (basis: "planned" | "actual") =>
        projectProgressRows(view.progress)
          .filter((row) => row.kind === kind && row.basis === basis)
          .map((row) => ({ observedOn: row.observed_on, percent: row.percent }));
      return { kind, heading, planned: series("planned"), actual: series("actual") };
    })
    .filter((chart) => chart.planned.length + chart.actual.length > 0);

  return (
    <section aria-labelledby="progress">
      <h2 id="progress">{t.messages.progressHeading}</h2>
      {charts.length === 0 ? <p>{t.messages.progressNone}</p> : null}
      {charts.map((chart) => (
        <>
          <h3>{chart.heading}</h3>
          <ProgressChart
            id={`progress-${chart.kind}`}
            heading={chart.heading}
            planned={chart.planned}
            actual={chart.actual}
            t={t}
            format={format}
          />
        </>
      ))}
    </section>
  );
}

function ProvenanceSection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, t, format } = props;
  const { provenance, project } = view;
  // The file name, not the path it had on the importing machine.
  const source = provenance.source ?? provenance.importRun?.source;
  return (
    <section aria-labelledby="provenance">
      <h2 id="provenance">{t.messages.provenanceHeading}</h2>
      <dl class="facts">
        <div>
          <dt>{t.messages.provenancePublisher}</dt>
          <dd>{provenance.importRun?.publisher ?? provenance.publisher}</dd>
        </div>
        <div>
          <dt>{t.messages.provenanceSource}</dt>
          <dd class="break">{source ? publicSourceName(source) : t.messages.notStated}</dd>
        </div>
        <div>
          <dt>{t.messages.provenanceImported}</dt>
          <dd>
            {format.dateTime(provenance.importedAt ?? provenance.importRun?.finished_at) ||
              t.messages.notStated}
          </dd>
        </div>
        {project.updated ? (
          <div>
            <dt>{t.messages.provenanceUpdated}</dt>
            <dd>{format.dateTime(project.updated)}</dd>
          </div>
        ) : null}
      </dl>
      <p>
        <a href={`/api/v1/projects/${encodeURIComponent(project.id)}`} type="application/json">
          {t.messages.provenanceJson}
        </a>
      </p>
      <p class="muted">{t.text("timeZoneNote", { zone: format.timeZone })}</p>
    </section>
  );
}
