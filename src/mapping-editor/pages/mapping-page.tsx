import { fillTemplate } from "../../i18n/index.js";
import type { SheetImportReport } from "../../mapping/import-sheet.js";
import { assetUrl } from "../../portal/assets.js";
import { CsrfField, ErrorSummary, WorkspaceFrame } from "../../workspace/pages/frame.js";
import type { Codelists } from "../../mapping/codelists.js";
import type { MappingForm } from "../form.js";
import type { EditorState } from "../service.js";
import { TARGETS } from "../targets.js";
import { DryRunSummary } from "./import-summary.js";
import { FieldsTable, ProjectFieldset, SourceFieldset, Translations } from "./mapping-fieldsets.js";
import type { ImportPage } from "./page.js";
import { PreviewSection } from "./preview-section.js";

/** Properties of the mapping page besides the editor state. */
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
