import type { Translator } from "../i18n/index.js";
import type { Formatter } from "./format.js";
import { fileUrl, organisationPath } from "./links.js";
import type { ProcessView, ProjectView } from "./project-view.js";
import { PROCESS_CARD_LIMIT, ProcessList } from "./process-list.js";

/**
 * Rows each long list shows before pointing to the open data. Keeps the page of a project
 * with hundreds of payments or documents light on slow connections.
 */
export const LIST_LIMITS = { payments: 50, modifications: 50, documents: 50, photos: 24 };

interface SectionProps {
  view: ProjectView;
  t: Translator;
  format: Formatter;
}

function TruncationNote(props: { shown: number; total: number; t: Translator }) {
  if (props.total <= props.shown) return null;
  return (
    <p class="muted">{props.t.text("listTruncated", { shown: props.shown, total: props.total })}</p>
  );
}

function OrganisationName(props: { id: string | null; name: string | null }) {
  if (props.id) return <a href={organisationPath(props.id)}>{props.name ?? props.id}</a>;
  return <>{props.name ?? ""}</>;
}

function dateRange(format: Formatter, start: Date | null, end: Date | null): string {
  if (!start && !end) return "";
  if (!start) return format.date(end);
  return `${format.date(start)} – ${format.date(end)}`;
}

/** Contracting processes with their values and each contract's suppliers. */
export function ProcessesSection({
  view,
  t,
  format,
  processPage,
}: SectionProps & { processPage: number }) {
  // A project with hundreds of contracts (an airport) gets a summary and a paged table
  // instead, so that its page stays light.
  const paged = view.processes.length > PROCESS_CARD_LIMIT;
  return (
    <section aria-labelledby="processes">
      <h2 id="processes">{t.messages.processesHeading}</h2>
      {view.processes.length === 0 ? <p>{t.messages.processesNone}</p> : null}
      {paged ? <ProcessList view={view} t={t} format={format} page={processPage} /> : null}
      {paged
        ? null
        : view.processes.map((process) => (
            <ProcessCard process={process} t={t} format={format} language={view.project.language} />
          ))}
    </section>
  );
}

/** One contracting process in full: its facts and its contracts. */
export function ProcessCard(props: {
  process: ProcessView;
  t: Translator;
  format: Formatter;
  language: string | null;
}) {
  const { process, t, format } = props;
  const facts: [string, string][] = [
    [t.messages.processStatus, process.status ? t.code("processStatus", process.status) : ""],
    [
      t.messages.processMethod,
      process.procurement_method_details ??
        (process.procurement_method ? t.code("procurementMethod", process.procurement_method) : ""),
    ],
    [
      t.messages.processTenderers,
      process.number_of_tenderers === null ? "" : String(process.number_of_tenderers),
    ],
    [t.messages.processPublished, format.date(process.date_published)],
    [
      t.messages.processEstimate,
      format.money(process.cost_estimate_amount, process.cost_estimate_currency),
    ],
    [
      t.messages.processContractValue,
      format.money(process.contract_value_amount, process.contract_value_currency),
    ],
    [
      t.messages.processFinalValue,
      format.money(process.final_value_amount, process.final_value_currency),
    ],
    [
      t.messages.contractPeriod,
      dateRange(format, process.contract_period_start, process.contract_period_end),
    ],
  ];
  return (
    <div class="process">
      <h3 lang={props.language ?? undefined}>{process.title ?? process.id}</h3>
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== "")
          .map(([label, value]) => (
            <div>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {process.contracts.length > 0 ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.messages.contractTitle}</th>
                <th scope="col">{t.messages.contractSuppliers}</th>
                <th scope="col" class="number">
                  {t.messages.contractValue}
                </th>
                <th scope="col">{t.messages.contractSigned}</th>
                <th scope="col">{t.messages.contractPeriod}</th>
              </tr>
            </thead>
            <tbody>
              {process.contracts.map((contract) => (
                <tr>
                  <td>{contract.title ?? contract.id}</td>
                  <td>
                    {contract.suppliers.map((supplier, index) => (
                      <>
                        {index > 0 ? ", " : ""}
                        <a href={organisationPath(supplier.organisationId)}>{supplier.name}</a>
                      </>
                    ))}
                  </td>
                  <td class="number">
                    {format.money(contract.value_amount, contract.value_currency)}
                  </td>
                  <td>{format.date(contract.date_signed)}</td>
                  <td>{dateRange(format, contract.period_start, contract.period_end)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** Payments of the project and its processes, oldest first. */
export function PaymentsSection({ view, t, format }: SectionProps) {
  const shown = view.transactions.slice(-LIST_LIMITS.payments);
  return (
    <section aria-labelledby="payments">
      <h2 id="payments">{t.messages.paymentsHeading}</h2>
      {shown.length === 0 ? (
        <p>{t.messages.paymentsNone}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.messages.paymentDate}</th>
                <th scope="col" class="number">
                  {t.messages.paymentAmount}
                </th>
                <th scope="col">{t.messages.paymentPayer}</th>
                <th scope="col">{t.messages.paymentPayee}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((payment) => (
                <tr>
                  <td>{format.date(payment.date)}</td>
                  <td class="number">{format.money(payment.amount, payment.currency)}</td>
                  <td>
                    <OrganisationName id={payment.payer_id} name={payment.payer_name} />
                  </td>
                  <td>
                    <OrganisationName id={payment.payee_id} name={payment.payee_name} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <TruncationNote shown={shown.length} total={view.transactions.length} t={t} />
    </section>
  );
}

function periodText(format: Formatter, period: unknown): string {
  if (typeof period !== "object" || period === null) return "";
  const { startDate, endDate } = period as Record<string, unknown>;
  const asDate = (value: unknown) =>
    typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value) : null;
  return dateRange(format, asDate(startDate), asDate(endDate));
}

/** Design or scope changes, time extensions and value changes with their reasons. */
export function ModificationsSection({ view, t, format }: SectionProps) {
  const all = view.processes.flatMap((process) => process.modifications);
  const shown = all.slice(0, LIST_LIMITS.modifications);
  const language = view.project.language ?? undefined;
  return (
    <section aria-labelledby="modifications">
      <h2 id="modifications">{t.messages.modificationsHeading}</h2>
      {shown.length === 0 ? <p>{t.messages.modificationsNone}</p> : null}
      <ol class="plain">
        {shown.map((modification) => {
          const oldValue = format.money(
            modification.old_value_amount,
            modification.old_value_currency,
          );
          const newValue = format.money(
            modification.new_value_amount,
            modification.new_value_currency,
          );
          const oldPeriod = periodText(format, modification.old_period);
          const newPeriod = periodText(format, modification.new_period);
          return (
            <li class="card">
              <strong>{t.code("modificationType", modification.type)}</strong>
              {modification.date ? (
                <span class="muted"> · {format.date(modification.date)}</span>
              ) : null}
              <dl class="facts">
                {modification.description ? (
                  <div>
                    <dt>{t.messages.modificationDescription}</dt>
                    <dd lang={language}>{modification.description}</dd>
                  </div>
                ) : null}
                {modification.rationale ? (
                  <div>
                    <dt>{t.messages.modificationRationale}</dt>
                    <dd lang={language}>{modification.rationale}</dd>
                  </div>
                ) : null}
                {oldValue || newValue ? (
                  <div>
                    <dt>{t.messages.modificationValue}</dt>
                    <dd>{`${oldValue} → ${newValue}`}</dd>
                  </div>
                ) : null}
                {oldPeriod || newPeriod ? (
                  <div>
                    <dt>{t.messages.modificationPeriod}</dt>
                    <dd>{`${oldPeriod} → ${newPeriod}`}</dd>
                  </div>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ol>
      <TruncationNote shown={shown.length} total={all.length} t={t} />
    </section>
  );
}

/** Documents with title, type, date and link, newest first. */
export function DocumentsSection({ view, t, format }: SectionProps) {
  const shown = view.documents.slice(0, LIST_LIMITS.documents);
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">{t.messages.documentsHeading}</h2>
      {shown.length === 0 ? (
        <p>{t.messages.documentsNone}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.messages.documentTitle}</th>
                <th scope="col">{t.messages.documentType}</th>
                <th scope="col">{t.messages.documentDate}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((document) => {
                const title = document.title ?? t.messages.documentUntitled;
                const href = fileUrl(document.url, document.sha256);
                return (
                  <tr>
                    <td lang={document.language ?? undefined}>
                      {href ? <a href={href}>{title}</a> : title}
                    </td>
                    <td>{t.code("documentType", document.document_type)}</td>
                    <td>{format.date(document.date_published ?? document.date_modified)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TruncationNote shown={shown.length} total={view.documents.length} t={t} />
    </section>
  );
}

/** Site photos as a grid of lazily loaded thumbnails, each linking to the full image. */
export function PhotosSection({ view, t, format }: SectionProps) {
  const shown = view.photos.slice(0, LIST_LIMITS.photos);
  return (
    <section aria-labelledby="photos">
      <h2 id="photos">{t.messages.photosHeading}</h2>
      {shown.length === 0 ? <p>{t.messages.photosNone}</p> : null}
      <ul class="photos">
        {shown.map((photo) => {
          const source = fileUrl(photo.url, photo.sha256);
          const caption = photo.caption ?? t.messages.photoUntitled;
          if (!source) return null;
          return (
            <li>
              <figure>
                <a href={source}>
                  <img src={source} alt={caption} loading="lazy" width={240} height={160} />
                </a>
                <figcaption>
                  {caption}
                  {photo.taken_at ? (
                    <span class="muted"> · {format.date(photo.taken_at)}</span>
                  ) : null}
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
      <TruncationNote shown={shown.length} total={view.photos.length} t={t} />
    </section>
  );
}
