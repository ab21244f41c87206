import type { Problem } from "../../http/errors.js";

/** The error and hint paragraphs of a field, and the ids that describe its control. */
function FieldNotes(props: { id: string; hint?: string | undefined; error?: Problem | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error.message}
        </p>
      ) : null}
    </>
  );
}

function describedBy(id: string, hint: string | undefined, error: Problem | undefined) {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

/** A labelled text area with its hint and its error, if any. */
export function TextAreaField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  rows?: number;
  problems: Problem[];
  required?: boolean;
}) {
  const id = `field-${props.name}`;
  const error = props.problems.find((problem) => problem.path === props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} hint={props.hint} error={error} />
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

/** A labelled select with its hint and its error, if any; `value` picks the selected option. */
export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  hint?: string | undefined;
  problems: Problem[];
}) {
  const id = `field-${props.name}`;
  const error = props.problems.find((problem) => problem.path === props.name);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <FieldNotes id={id} hint={props.hint} error={error} />
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, props.hint, error)}
      >
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === (props.value ?? "")}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Formats a timestamp as "YYYY-MM-DD HH:MM UTC", as the workspace history tables show it. */
export function formatTimestamp(at: Date): string {
  return `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/**
 * Points the problems of a list field (`name.3` or `name.3.field`) at the text area or rows
 * that hold it, naming the line, so that the form shows them next to that field.
 */
export function lineProblem(problem: Problem, listName: string): Problem {
  const match = new RegExp(`^${listName}\\.(\\d+)$`).exec(problem.path);
  if (!match) return problem;
  return { path: listName, message: `line ${Number(match[1]) + 1}: ${problem.message}` };
}
