import type { JsonObject } from "../../import/types.js";
import type { MappingPreview } from "../../mapping/preview.js";
import { formatMoney, toMinorUnits } from "../../shared/money.js";
import type { ImportPage } from "./page.js";

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!value || typeof value !== "object") return undefined;
  const entry = (value as JsonObject)[key];
  return entry && typeof entry === "object" && !Array.isArray(entry)
    ? (entry as JsonObject)
    : undefined;
}

/** Formats the budget of a previewed project in the page's language; "" without one. */
function budgetText(project: JsonObject | undefined, page: ImportPage): string {
  const amount = objectAt(objectAt(project, "budget"), "amount");
  if (!amount || typeof amount.amount !== "number" || typeof amount.currency !== "string") {
    return "";
  }
  try {
    return formatMoney(
      toMinorUnits(amount.amount, amount.currency),
      amount.currency,
      page.t.language,
    );
  } catch {
    // A currency code Intl does not know, or an amount finer than its minor unit.
    return `${amount.amount} ${amount.currency}`;
  }
}

function locationText(project: JsonObject | undefined): string {
  const locations = project?.locations;
  const first = Array.isArray(locations) ? (locations[0] as JsonObject | undefined) : undefined;
  const coordinates = objectAt(first, "geometry")?.coordinates;
  const point = Array.isArray(coordinates) ? `${coordinates[1]}, ${coordinates[0]}` : "";
  const address = objectAt(first, "address");
  const place = [text(address?.streetAddress), text(address?.locality), text(address?.region)]
    .filter(Boolean)
    .join(", ");
  return [place, point].filter(Boolean).join(" · ");
}

/**
 * The preview of the first rows as projects, with each row's issues. The page's script swaps
 * this section for a fresh one when a field changes, so it carries its own id.
 */
export function PreviewSection(props: { page: ImportPage; preview: MappingPreview | undefined }) {
  const { page, preview } = props;
  const { m } = page;
  return (
    <section id="mapping-preview" aria-labelledby="preview-heading" aria-live="polite">
      <h2 id="preview-heading">{m.previewHeading}</h2>
      {!preview ? (
        <p>{m.previewEmpty}</p>
      ) : (
        <div class="table-scroll">
          <table class="preview-table">
            <thead>
              <tr>
                <th scope="col">{m.row}</th>
                <th scope="col">{m.projectId}</th>
                <th scope="col">{m.title}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.amount}</th>
                <th scope="col">{m.period}</th>
                <th scope="col">{m.location}</th>
                <th scope="col">{m.issues}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => {
                const project = row.project;
                const period = objectAt(project, "period");
                // OC4IDS periods hold date-times; the day is what the file gave.
                const dates = [text(period?.startDate), text(period?.endDate)].map((date) =>
                  date.slice(0, 10),
                );
                return (
                  <tr class={row.skipped ? "skipped-row" : undefined}>
                    <td>{row.row}</td>
                    <td>
                      {row.projectId ?? ""}
                      {row.skipped ? <span class="muted"> ({m.skipped})</span> : null}
                    </td>
                    <td>{text(project?.title)}</td>
                    <td>{project?.status ? page.t.code("status", text(project.status)) : ""}</td>
                    <td class="number">{budgetText(project, page)}</td>
                    <td>{dates.some(Boolean) ? dates.join(" – ") : ""}</td>
                    <td>{locationText(project)}</td>
                    <td>
                      {row.issues.length === 0 ? null : (
                        <ul class="issues">
                          {row.issues.map((issue) => (
                            <li>
                              <code>{issue.code}</code> {issue.column}
                              {issue.value === "" ? "" : ` "${issue.value}"`}: {issue.message}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
