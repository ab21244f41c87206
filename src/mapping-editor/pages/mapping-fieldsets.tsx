/**
 * The parts of the mapping form: the source and project constants, the field table with its
 * column selects and parse options, and the value translations of coded fields.
 */
import { Field } from "../../workspace/pages/frame.js";
import { KEEP_COLUMNS, NO_VALUE, type MappingForm } from "../form.js";
import { NUMBER_KINDS, TARGETS, type Target } from "../targets.js";
import type { MappingPageProps } from "./mapping-page.js";
import type { ImportPage } from "./page.js";

export function ColumnSelect(props: {
  id: string;
  name: string;
  value: string;
  columns: string[];
  noneLabel: string;
  keepLabel?: string | undefined;
  invalid: boolean;
  labelledBy?: string;
}) {
  return (
    <select
      id={props.id}
      name={props.name}
      aria-invalid={props.invalid ? "true" : undefined}
      aria-labelledby={props.labelledBy}
    >
      <option value="">{props.noneLabel}</option>
      {props.keepLabel ? (
        <option value={KEEP_COLUMNS} selected={props.value === KEEP_COLUMNS}>
          {props.keepLabel}
        </option>
      ) : null}
      {props.columns.map((column) => (
        <option value={column} selected={column === props.value}>
          {column}
        </option>
      ))}
    </select>
  );
}

export function Choice(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: [string, string][];
}) {
  return (
    <span class="inline-field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </span>
  );
}

/** The parse options a target's kind needs: separators for numbers, formats for dates. */
export function ParseOptions(props: { page: ImportPage; target: Target; form: MappingForm }) {
  const { page, target, form } = props;
  const { m } = page;
  const prefix = `field.${target.key}`;
  const id = `field-${target.key}`.replace(/\./g, "-");
  if (NUMBER_KINDS.has(target.parse)) {
    return (
      <div class="parse-options">
        <Choice
          id={`${id}-decimal`}
          name={`${prefix}.decimal`}
          label={m.decimal}
          value={form[`${prefix}.decimal`] ?? ""}
          options={[
            ["", m.detect],
            [",", ","],
            [".", "."],
          ]}
        />
        <Choice
          id={`${id}-thousands`}
          name={`${prefix}.thousands`}
          label={m.thousands}
          value={form[`${prefix}.thousands`] ?? ""}
          options={[
            ["", m.detect],
            [".", "."],
            [",", ","],
            ["space", m.thousandsSpace],
            ["'", "'"],
            ["none", m.thousandsNone],
          ]}
        />
      </div>
    );
  }
  if (target.parse === "date") {
    return (
      <div class="parse-options">
        <span class="inline-field">
          <label for={`${id}-formats`}>{m.dateFormats}</label>
          <input
            id={`${id}-formats`}
            name={`${prefix}.formats`}
            value={form[`${prefix}.formats`] ?? ""}
            placeholder="DD/MM/YYYY, YYYY-MM-DD"
          />
        </span>
      </div>
    );
  }
  if (target.key === "title") {
    return (
      <div class="parse-options">
        <input type="hidden" name={`${prefix}.required`} value="off" />
        <label class="inline-field">
          <input
            type="checkbox"
            name={`${prefix}.required`}
            checked={form[`${prefix}.required`] !== "off"}
          />{" "}
          {m.required}
        </label>
      </div>
    );
  }
  return null;
}

export function FieldsTable(props: MappingPageProps) {
  const { page, state, form } = props;
  const { m } = page;
  const columns = state.columns.map((column) => column.name);
  return (
    <fieldset>
      <legend>{m.fieldsSection}</legend>
      <div class="table-scroll">
        <table class="mapping-fields">
          <thead>
            <tr>
              <th scope="col">OC4IDS</th>
              <th scope="col">{m.column}</th>
              <th scope="col">{m.readingOptions}</th>
            </tr>
          </thead>
          <tbody>
            {TARGETS.map((target) => {
              const name = `field.${target.key}.column`;
              const id = `field-${name}`;
              const value = form[name] ?? "";
              const invalid = state.problems.some((problem) => problem.path === name);
              return (
                <tr>
                  <th scope="row">
                    <label for={id}>
                      <code>{target.key}</code>
                    </label>
                  </th>
                  <td>
                    <ColumnSelect
                      id={id}
                      name={name}
                      value={value}
                      columns={columns}
                      noneLabel={m.noColumn}
                      keepLabel={value === KEEP_COLUMNS ? m.keepColumns : undefined}
                      invalid={invalid}
                    />
                  </td>
                  <td>
                    <ParseOptions page={page} target={target} form={form} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

export function Translations(props: MappingPageProps) {
  const { page, state, codelists } = props;
  const { m } = page;
  const coded = TARGETS.filter(
    (target) => target.coded && (state.translations[target.key] ?? []).length > 0,
  );
  if (coded.length === 0) return null;
  return (
    <fieldset>
      <legend>{m.translationsSection}</legend>
      <p class="hint">{m.translationsHint}</p>
      {coded.map((target) => {
        const list = state.translations[target.key] ?? [];
        const codes = codelists[target.coded!];
        const prefix = `field.${target.key}`;
        return (
          <div class="table-scroll">
            <table class="translations">
              <caption>
                <code>{target.key}</code>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{m.word}</th>
                  <th scope="col">{m.code}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((entry, index) => {
                  const id = `${prefix}-code-${index}`.replace(/\./g, "-");
                  const current = entry.code === null ? NO_VALUE : (entry.code ?? "");
                  return (
                    <tr>
                      <td>
                        <label for={id}>{entry.word}</label>
                        <input type="hidden" name={`${prefix}.word.${index}`} value={entry.word} />
                      </td>
                      <td>
                        {codes ? (
                          <select id={id} name={`${prefix}.code.${index}`}>
                            <option value="">{m.notTranslated}</option>
                            <option value={NO_VALUE} selected={current === NO_VALUE}>
                              {m.noValue}
                            </option>
                            {codes.map((code) => (
                              <option value={code.code} selected={code.code === current}>
                                {`${code.code} (${code.title})`}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <input id={id} name={`${prefix}.code.${index}`} value={current} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </fieldset>
  );
}

export function SourceFieldset(props: MappingPageProps) {
  const { page, state, form } = props;
  const { m } = page;
  const problems = state.problems;
  const value = (name: string) => form[name] ?? "";
  return (
    <fieldset>
      <legend>{m.sourceSection}</legend>
      <Field
        name="name"
        label={m.mappingName}
        hint={m.mappingNameHint}
        value={value("name")}
        problems={problems}
      />
      <Field name="source.key" label="source.key" value={value("source.key")} problems={problems} />
      <Field
        name="source.asOf"
        label="source.asOf"
        hint="YYYY-MM-DD"
        value={value("source.asOf")}
        problems={problems}
      />
      <Field
        name="source.encoding"
        label="source.encoding"
        hint="utf-8, windows-1252, utf-16le"
        value={value("source.encoding")}
        problems={problems}
      />
      <div class="field">
        <label for="field-source.delimiter">source.delimiter</label>
        <select id="field-source.delimiter" name="source.delimiter">
          {[
            ["", m.detect],
            [",", ","],
            [";", ";"],
            ["tab", "tab"],
            ["|", "|"],
          ].map(([option, label]) => (
            <option value={option} selected={option === value("source.delimiter")}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="source.sheet"
        label="source.sheet"
        value={value("source.sheet")}
        problems={problems}
      />
    </fieldset>
  );
}

export function ProjectFieldset(props: MappingPageProps) {
  const { page, state, form } = props;
  const { m } = page;
  const problems = state.problems;
  const value = (name: string) => form[name] ?? "";
  const columns = state.columns.map((column) => column.name);
  const idInvalid = problems.some((problem) => problem.path === "project.id.column");
  return (
    <fieldset>
      <legend>{m.projectSection}</legend>
      <Field
        name="project.id.prefix"
        label="project.id.prefix"
        value={value("project.id.prefix")}
        problems={problems}
      />
      <div class="field">
        <label for="field-project.id.column">project.id.column</label>
        <ColumnSelect
          id="field-project.id.column"
          name="project.id.column"
          value={value("project.id.column")}
          columns={columns}
          noneLabel={m.noColumn}
          invalid={idInvalid}
        />
      </div>
      <Field
        name="project.id.template"
        label="project.id.template"
        hint="oc4ids-xxxxxx-{column}"
        value={value("project.id.template")}
        problems={problems}
      />
      <Field
        name="project.currency"
        label="project.currency"
        hint="ISO 4217"
        value={value("project.currency")}
        problems={problems}
      />
      <Field
        name="project.minorDigits"
        label="project.minorDigits"
        value={value("project.minorDigits")}
        problems={problems}
        inputmode="numeric"
      />
      <Field
        name="project.country"
        label="project.country"
        hint="ISO 3166-1 alpha-2"
        value={value("project.country")}
        problems={problems}
      />
      <Field
        name="project.language"
        label="project.language"
        value={value("project.language")}
        problems={problems}
      />
      <Field
        name="project.publisher.name"
        label="project.publisher.name"
        value={value("project.publisher.name")}
        problems={problems}
      />
      <Field
        name="project.publisher.uid"
        label="project.publisher.uid"
        value={value("project.publisher.uid")}
        problems={problems}
      />
      <div class="bounds">
        {["south", "west", "north", "east"].map((side) => (
          <Field
            name={`project.bounds.${side}`}
            label={`project.bounds.${side}`}
            value={value(`project.bounds.${side}`)}
            problems={problems}
            inputmode="decimal"
          />
        ))}
      </div>
      <div class="field">
        <label for="field-onProblem">onProblem</label>
        <select id="field-onProblem" name="onProblem">
          {["warn", "skip-row"].map((option) => (
            <option value={option} selected={option === value("onProblem")}>
              {option}
            </option>
          ))}
        </select>
      </div>
      <Field
        name="emptyValues"
        label="emptyValues"
        hint="-, s/d"
        value={value("emptyValues")}
        problems={problems}
      />
      <label class="inline-field">
        <input type="checkbox" name="repairMojibake" checked={value("repairMojibake") === "on"} />{" "}
        repairMojibake
      </label>
    </fieldset>
  );
}
