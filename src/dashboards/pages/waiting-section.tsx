import { fill, type DashboardMessages } from "../../i18n/dashboards.js";
import type { Waiting, WaitingItem } from "../waiting.js";

/** Renders what waits for the user, overdue items first, each linked to the page where it acts. */
export function WaitingSection(props: { d: DashboardMessages; waiting: Waiting }) {
  const { d, waiting } = props;
  const overdue = waiting.items.filter((item) => item.overdue).length;
  return (
    <section aria-labelledby="waiting-heading">
      <h1 id="waiting-heading">{d.waitingTitle}</h1>
      {waiting.items.length === 0 ? (
        <p>{d.nothingWaiting}</p>
      ) : (
        <>
          <p class="result-count">
            {fill(d.waitingSummary, { count: waiting.items.length, overdue })}
          </p>
          <ul class="results-list waiting">
            {waiting.items.map((item) => (
              <WaitingEntry d={d} item={item} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function WaitingEntry(props: { d: DashboardMessages; item: WaitingItem }) {
  const { d, item } = props;
  const detail = item.detail ? (d.details[item.detail] ?? item.detail) : null;
  const subject = subjectOf(d, item);
  return (
    <li class="result">
      <h3>
        <a href={item.href}>{d.kinds[item.kind]}</a>
        {item.overdue ? (
          <>
            {" "}
            <span class="status status-cancelled">{d.overdue}</span>
          </>
        ) : null}
      </h3>
      <p>
        <strong>{item.projectTitle}</strong>
        {` · ${subject}${detail ? ` (${detail})` : ""}`}
      </p>
      <p class="muted">
        {[
          item.dueDate ? fill(d.due, { date: item.dueDate }) : "",
          item.since ? fill(d.since, { date: item.since.toISOString().slice(0, 10) }) : "",
        ]
          .filter(Boolean)
          .join(" · ")}
      </p>
    </li>
  );
}

/** Names the item in the page's language where its subject is a bare number. */
function subjectOf(d: DashboardMessages, item: WaitingItem): string {
  if (item.kind === "payment_overdue") return `${d.claim} ${item.subject}`;
  if (item.kind === "schedule_approval") return fill(d.scheduleVersion, { version: item.itemId });
  return item.subject;
}
