import { formatTimestamp } from "./form-fields.js";

/** One step in a record's history: what happened, who did it, when, and its note. */
export interface HistoryEntry {
  what: string;
  by: string;
  at: Date;
  notes: string[];
}

/**
 * The steps of a workspace record, oldest first, as a list that reads on a phone without
 * scrolling sideways. Left out when there are no steps.
 */
export function History(props: { heading: string; entries: HistoryEntry[] }) {
  if (props.entries.length === 0) return null;
  return (
    <>
      <h2>{props.heading}</h2>
      <ol class="history">
        {props.entries.map((entry) => (
          <li>
            <strong>{entry.what}</strong>
            {` · ${entry.by} · `}
            <Timestamp at={entry.at} />
            {entry.notes.map((note) => (
              <p class="prose">{note}</p>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}

/** A timestamp as the workspace shows it, kept on one line. */
export function Timestamp(props: { at: Date }) {
  return (
    <time datetime={props.at.toISOString()} class="timestamp">
      {formatTimestamp(props.at)}
    </time>
  );
}
