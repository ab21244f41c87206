import type { Translator } from "../i18n/index.js";
import type { VersionHistoryEntry } from "../projects/version-history.js";
import type { Formatter } from "./format.js";
import type { ProjectView } from "./project-view.js";

/** Maximum length of a changed value as shown. A longer value ends with an ellipsis. */
export const VALUE_TEXT_LIMIT = 60;

/**
 * Turns a JSON pointer into a path a reader can follow: "/budget/amount/amount" becomes
 * "budget › amount › amount" and an array index becomes the item's place from 1, so
 * "/parties/1/name" becomes "parties › #2 › name". An object key made only of digits reads as
 * an index too.
 */
export function readablePath(pointer: string): string {
  if (pointer === "") return "/";
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((token) => (/^\d+$/.test(token) ? `#${Number(token) + 1}` : token))
    .join(" › ");
}

/**
 * Writes a changed value in one short line: a string as it is, anything else as JSON, cut to
 * `limit` characters with an ellipsis. An absent value (added or removed) reads as `empty`.
 */
export function shortValue(value: unknown, empty: string, limit = VALUE_TEXT_LIMIT): string {
  if (value === undefined) return empty;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  // Cut by code point, so a character outside the Basic Multilingual Plane stays whole.
  const characters = [...text];
  if (characters.length <= limit) return text;
  return `${characters
    .slice(0, limit - 1)
    .join("")
    .trimEnd()}…`;
}

/**
 * Renders the record history at the end of the project page: the newest versions, each folded
 * with its changed fields, and a link to the full history as JSON. Renders nothing when the
 * project has no stored version, as for a project entered by hand.
 */
export function HistorySection(props: { view: ProjectView; t: Translator; format: Formatter }) {
  const { view, t, format } = props;
  const { history, project } = view;
  if (history.versions.length === 0) return null;

  const historyUrl = `/api/v1/projects/${encodeURIComponent(project.id)}/history`;
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t.messages.historyHeading}</h2>
      <p>{t.messages.historyIntro}</p>
      <ol class="plain">
        {history.versions.map((entry) => (
          <VersionEntry
            entry={entry}
            t={t}
            format={format}
            language={project.language ?? undefined}
          />
        ))}
      </ol>
      {history.versionCount > history.versions.length ? (
        <p class="muted">
          {t.text("historyVersionsShown", {
            shown: history.versions.length,
            total: history.versionCount,
          })}
        </p>
      ) : null}
      <p>
        <a href={historyUrl} type="application/json">
          {t.messages.historyJson}
        </a>
      </p>
    </section>
  );
}

function VersionEntry(props: {
  entry: VersionHistoryEntry;
  t: Translator;
  format: Formatter;
  language: string | undefined;
}) {
  const { entry, t, format } = props;
  const label = [
    t.text("historyVersion", { version: entry.version }),
    format.dateTime(entry.recordedAt),
    entry.source ?? "",
  ]
    .filter((part) => part !== "")
    .join(" · ");

  if (entry.isFirst || entry.changeCount === 0) {
    return (
      <li class="card">
        <span class="break">{label}</span>
        <div class="muted">
          {entry.isFirst ? t.messages.historyFirst : t.messages.historyNoPublicChange}
        </div>
      </li>
    );
  }

  const count =
    entry.changeCount === 1
      ? t.messages.historyChangeCountOne
      : t.text("historyChangeCount", { count: entry.changeCount });
  return (
    <li class="card">
      <details>
        <summary class="break">{`${label} · ${count}`}</summary>
        <ChangesTable entry={entry} t={t} language={props.language} />
        {entry.truncated ? (
          <p class="muted">
            {t.text("historyMoreChanges", { count: entry.changeCount - entry.changes.length })}
          </p>
        ) : null}
      </details>
    </li>
  );
}

function ChangesTable(props: {
  entry: VersionHistoryEntry;
  t: Translator;
  language: string | undefined;
}) {
  const { entry, t, language } = props;
  const empty = t.messages.historyEmptyValue;
  // Text values are the publisher's words, in the project's language.
  const valueLanguage = (value: unknown) => (typeof value === "string" ? language : undefined);
  return (
    <div class="table-scroll">
      <table class="break">
        <thead>
          <tr>
            <th scope="col">{t.messages.historyField}</th>
            <th scope="col">{t.messages.historyBefore}</th>
            <th scope="col">{t.messages.historyAfter}</th>
          </tr>
        </thead>
        <tbody>
          {entry.changes.map((change) => (
            <tr>
              <td>{readablePath(change.pointer)}</td>
              <td lang={valueLanguage(change.before)}>{shortValue(change.before, empty)}</td>
              <td lang={valueLanguage(change.after)}>{shortValue(change.after, empty)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
