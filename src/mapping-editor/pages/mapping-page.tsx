import { fillTemplate } from "../../i18n/index.js";
import type { SheetImportReport } from "../../mapping/import-sheet.js";
import { assetUrl } from "../../portal/assets.js";
import { CsrfField, ErrorSummary, Field, WorkspaceFrame } from "../../workspace/pages/frame.js";
import type { Codelists } from "../codelists.js";
import { KEEP_COLUMNS, NO_VALUE, type MappingForm } from "../form.js";
import type { EditorState } from "../service.js";
import { NUMBER_KINDS, TARGETS, type Target } from "../targets.js";
import type { ImportPage } from "./page.js";
import { PreviewSection } from "./preview-section.js";

/** What the mapping page shows besides the editor state. */
export interface MappingPageProps {
  page: ImportPage;
  state: EditorState;
  form: MappingForm;
  codelists: Codelists;
  yaml: string;
  /** Name of the mapping just saved, for the confirmation line. */
  savedName?: string | undefined;
  dryRun?: SheetImportReport | undefined;
}

/** Labels of the form's fields, for the error summary. */
function fieldLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const target of TARGETS) labels[`field.${target.key}.column`] = target.key;
  return labels;
}

function ColumnSelect(props: {
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

function Choice(props: {
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
function ParseOptions(props: { page: ImportPage; target: Target; form: MappingForm }) {
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

function FieldsTable(props: MappingPageProps) {
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

function Translations(props: MappingPageProps) {
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

function SourceFieldset(props: MappingPageProps) {
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

function ProjectFieldset(props: MappingPageProps) {
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

function DryRunSummary(props: { page: ImportPage; report: SheetImportReport }) {
  const { page, report } = props;
  const { m } = page;
  const codes = Object.entries(report.issueCounts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section id="dry-run" aria-labelledby="dry-run-heading" class="dry-run">
      <h2 id="dry-run-heading">{`${m.dryRunHeading}: ${report.status === "succeeded" ? m.succeeded : m.failed}`}</h2>
      <CountsList page={page} report={report} />
      {codes.length > 0 ? (
        <>
          <h3>{m.issuesByKind}</h3>
          <ul>
            {codes.map(([code, count]) => (
              <li>
                <code>{code}</code>: {count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ProblemList page={page} report={report} />
      {report.status === "succeeded" ? (
        <>
          <p>{m.dryRunNote}</p>
          <button type="submit" name="action" value="import" class="primary">
            {m.confirmImport}
          </button>
        </>
      ) : null}
    </section>
  );
}

/** Rows read and skipped and projects created, updated and unchanged. */
export function CountsList(props: { page: ImportPage; report: SheetImportReport }) {
  const { m } = props.page;
  const { report } = props;
  return (
    <dl class="counts">
      <dt>{m.rowsRead}</dt>
      <dd>{report.rowsRead}</dd>
      <dt>{m.rowsSkipped}</dt>
      <dd>{report.rowsSkipped}</dd>
      <dt>{m.created}</dt>
      <dd>{report.counts.projectsCreated}</dd>
      <dt>{m.updatedCount}</dt>
      <dd>{report.counts.projectsUpdated}</dd>
      <dt>{m.unchanged}</dt>
      <dd>{report.counts.projectsUnchanged}</dd>
    </dl>
  );
}

/** The problems that failed an import, if any. */
export function ProblemList(props: { page: ImportPage; report: SheetImportReport }) {
  const { report } = props;
  if (report.problems.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{props.page.m.problems}</p>
      <ul>
        {report.problems.slice(0, 50).map((problem) => (
          <li>
            {problem.row === undefined ? "" : `${props.page.m.row} ${problem.row}: `}
            {problem.projectId ? `${problem.projectId} ` : ""}
            {problem.pointer ? `${problem.pointer}: ` : ""}
            {problem.message} <code>{problem.code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The mapping page: the file's columns with sample values, the mapping form (constants, a
 * column and parse options per field, value translations), the preview, and the mapping as
 * YAML. Every button posts the whole form, so the page works without JavaScript.
 */
export function MappingPage(props: MappingPageProps) {
  const { page, state, form } = props;
  const { m } = page;
  const action = `/workspace/imports/uploads/${state.upload.id}`;
  return (
    <WorkspaceFrame page={page} title={fillTemplate(m.mapHeading, { file: state.upload.fileName })}>
      <h1>{fillTemplate(m.mapHeading, { file: state.upload.fileName })}</h1>
      <p>
        <a href="/workspace/imports">{m.backToImports}</a>
      </p>
      {props.savedName ? (
        <p role="status" class="saved">
          {fillTemplate(m.saved, { name: props.savedName })}
        </p>
      ) : null}
      <div id="mapping-problems">
        <ErrorSummary problems={state.problems} w={page.w} labels={fieldLabels()} />
      </div>

      <section aria-labelledby="file-columns">
        <h2 id="file-columns">{m.fileColumns}</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.column}</th>
                <th scope="col">{m.sampleValues}</th>
              </tr>
            </thead>
            <tbody>
              {state.columns.map((column) => (
                <tr>
                  <th scope="row">{column.name}</th>
                  <td>{column.samples.join(" · ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <form
        method="post"
        action={action}
        class="mapping-form"
        data-preview-url={`${action}/preview`}
      >
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="base" value={form.base ?? "{}"} />
        <SourceFieldset {...props} />
        <ProjectFieldset {...props} />
        <FieldsTable {...props} />
        <Translations {...props} />

        <div class="form-actions">
          <button type="submit" name="action" value="preview">
            {m.preview}
          </button>
          <button type="submit" name="action" value="save">
            {m.save}
          </button>
          <button type="submit" name="action" value="dry-run">
            {m.dryRun}
          </button>
          <button type="submit" name="action" value="download">
            {m.downloadYaml}
          </button>
        </div>
        {props.dryRun ? <DryRunSummary page={page} report={props.dryRun} /> : null}

        <details class="yaml-editor">
          <summary>{m.advanced}</summary>
          <p class="hint" id="field-yaml-hint">
            {m.yamlHint}
          </p>
          <label for="field-yaml" class="visually-hidden">
            YAML
          </label>
          <textarea id="field-yaml" name="yaml" rows={20} aria-describedby="field-yaml-hint">
            {props.yaml}
          </textarea>
          <button type="submit" name="action" value="yaml">
            {m.applyYaml}
          </button>
        </details>
      </form>

      <PreviewSection page={page} preview={state.preview} />
      <script src={assetUrl("mapping-editor.js")} defer></script>
    </WorkspaceFrame>
  );
}
