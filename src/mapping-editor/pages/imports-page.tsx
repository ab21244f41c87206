import type { SavedMapping } from "../../mapping/saved.js";
import { fillTemplate } from "../../i18n/index.js";
import type { Problem } from "../../http/errors.js";
import { CsrfField, ErrorSummary, WorkspaceFrame } from "../../workspace/pages/frame.js";
import type { ImportPage } from "./page.js";

/** One row of the past imports table. */
export interface PastImport {
  id: number;
  source: string;
  sourceKey: string | null;
  status: string;
  startedAt: Date;
  projects: number;
}

/** The imports page: the upload form, the saved mappings and the past imports. */
export function ImportsPage(props: {
  page: ImportPage;
  mappings: SavedMapping[];
  imports: PastImport[];
  maxUploadBytes: number;
  problems: Problem[];
}) {
  const { page, problems } = props;
  const { m } = page;
  const fileError = problems.find((problem) => problem.path === "file");
  const size = `${Math.round(props.maxUploadBytes / 1024 ** 2)} MiB`;
  return (
    <WorkspaceFrame page={page} title={m.imports}>
      <h1>{m.imports}</h1>
      <p>{m.importsIntro}</p>
      <ErrorSummary problems={problems} w={page.w} labels={{ file: m.file }} />

      <section aria-labelledby="new-import">
        <h2 id="new-import">{m.newImport}</h2>
        <form method="post" action="/workspace/imports/uploads" enctype="multipart/form-data">
          <CsrfField token={page.csrfToken} />
          <div class="field">
            <label for="field-file">{m.file}</label>
            <p class="hint" id="field-file-hint">
              {fillTemplate(m.fileHint, { size })}
            </p>
            {fileError ? (
              <p class="field-error" id="field-file-error">
                {fileError.message}
              </p>
            ) : null}
            <input
              id="field-file"
              name="file"
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv"
              required
              aria-invalid={fileError ? "true" : undefined}
              aria-describedby={fileError ? "field-file-hint field-file-error" : "field-file-hint"}
            />
          </div>
          <div class="field">
            <label for="field-mapping">{m.useMapping}</label>
            <select id="field-mapping" name="mapping">
              <option value="">{m.noMapping}</option>
              {props.mappings.map((saved) => (
                <option value={saved.name}>{saved.name}</option>
              ))}
            </select>
          </div>
          <button type="submit">{m.upload}</button>
        </form>
      </section>

      <section aria-labelledby="saved-mappings">
        <h2 id="saved-mappings">{m.savedMappings}</h2>
        {props.mappings.length === 0 ? (
          <p>{m.noSavedMappings}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{m.name}</th>
                  <th scope="col">{m.sourceKey}</th>
                  <th scope="col">{m.updated}</th>
                  <th scope="col">YAML</th>
                </tr>
              </thead>
              <tbody>
                {props.mappings.map((saved) => (
                  <tr>
                    <td>{saved.name}</td>
                    <td>{saved.sourceKey}</td>
                    <td>{saved.updatedAt.toISOString().slice(0, 10)}</td>
                    <td>
                      <a
                        href={`/workspace/imports/mappings/${encodeURIComponent(saved.name)}.yaml`}
                      >
                        {m.downloadYaml}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="past-imports">
        <h2 id="past-imports">{m.pastImports}</h2>
        {props.imports.length === 0 ? (
          <p>{m.noImports}</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{m.started}</th>
                  <th scope="col">{m.file}</th>
                  <th scope="col">{m.sourceKey}</th>
                  <th scope="col">{m.status}</th>
                  <th scope="col">{m.projects}</th>
                </tr>
              </thead>
              <tbody>
                {props.imports.map((past) => (
                  <tr>
                    <td>{past.id}</td>
                    <td>{past.startedAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                    <td>{past.source.split("/").pop()}</td>
                    <td>{past.sourceKey ?? ""}</td>
                    <td>{statusLabel(page, past.status)}</td>
                    <td>{past.projects}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </WorkspaceFrame>
  );
}

/** Returns the label of an import's status. */
export function statusLabel(page: ImportPage, status: string): string {
  const { m } = page;
  if (status === "succeeded") return m.succeeded;
  if (status === "failed") return m.failed;
  return m.running;
}
