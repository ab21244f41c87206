import type { DocumentCategory } from "../db/types-documents-photos.js";
import type { Problem } from "../http/errors.js";
import { CsrfField, ErrorSummary, Field } from "../workspace/pages/frame.js";
import {
  categoryLabel,
  FileField,
  formatBytes,
  formatInstant,
  SelectField,
  SiteFrame,
  sitePath,
  TextArea,
  versionStatusLabel,
  type SitePage,
} from "../workspace/pages/site-page.js";
import {
  DOCUMENT_CATEGORIES,
  MAX_DOCUMENT_BYTES,
  PUBLIC_CATEGORIES,
  type RegisteredDocument,
} from "./documents.js";

/** Display names of the users a page mentions, by user id. */
export type UserNames = Map<number, string>;

const documentPath = (page: SitePage, id: number, rest = "") =>
  sitePath(page, `/documents/${id}${rest}`);

/** Renders the registry of a project: search, the matching documents, the final inspection. */
export function DocumentListPage(props: {
  page: SitePage;
  documents: RegisteredDocument[];
  filter: { q: string; category: string };
  problems: Problem[];
  canUpload: boolean;
  finalInspectionAt: Date | null;
  canRecordFinalInspection: boolean;
}) {
  const { page, documents, filter, problems } = props;
  const { s } = page;
  return (
    <SiteFrame page={page} title={s.documents}>
      <h1>{s.documents}</h1>
      {props.canUpload ? (
        <p>
          <a class="button" href={sitePath(page, "/documents/new")}>
            {s.newDocument}
          </a>
        </p>
      ) : null}
      <ErrorSummary
        problems={problems}
        w={page.w}
        labels={{ q: s.searchText, category: s.category }}
      />
      <form method="get" action={sitePath(page, "/documents")} class="form search-documents">
        <Field name="q" label={s.searchText} type="search" value={filter.q} problems={problems} />
        <SelectField
          name="category"
          label={s.category}
          value={filter.category}
          options={[
            ["", s.anyCategory],
            ...DOCUMENT_CATEGORIES.map((category): [string, string] => [
              category,
              categoryLabel(s, category),
            ]),
          ]}
          problems={problems}
        />
        <div class="actions">
          <button type="submit">{s.search}</button>
        </div>
      </form>
      {documents.length === 0 ? (
        <p>{s.noDocuments}</p>
      ) : (
        <div class="table-scroll">
          <table class="documents stack-table">
            <thead>
              <tr>
                <th scope="col">{s.title}</th>
                <th scope="col">{s.category}</th>
                <th scope="col">{s.latestVersion}</th>
                <th scope="col">{s.uploadedAt}</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((document) => {
                const latest = document.versions[document.versions.length - 1]!;
                return (
                  <tr>
                    <td>
                      <a href={documentPath(page, document.id)}>{document.title}</a>
                      {document.isSensitive ? (
                        <span class="badge sensitive">{s.sensitiveMark}</span>
                      ) : null}
                    </td>
                    <td data-label={s.category}>{categoryLabel(s, document.category)}</td>
                    <td data-label={s.latestVersion}>
                      {`${latest.version}: ${versionStatusLabel(s, latest.status)}`}
                    </td>
                    <td data-label={s.uploadedAt}>{formatInstant(latest.uploadedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2>{s.finalInspection}</h2>
      <p class="final-inspection">
        {props.finalInspectionAt
          ? s.finalInspectionAt.replace("{date}", formatInstant(props.finalInspectionAt))
          : s.finalInspectionPending}
      </p>
      {props.canRecordFinalInspection && !props.finalInspectionAt ? (
        <form method="post" action={sitePath(page, "/final-inspection")}>
          <p class="hint">{s.finalInspectionHint}</p>
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="secondary">
            {s.recordFinalInspection}
          </button>
        </form>
      ) : null}
    </SiteFrame>
  );
}

/** Says where an approved version of the document goes: the public page or nowhere. */
function disclosureNote(page: SitePage, category: DocumentCategory, isSensitive: boolean) {
  const { s } = page;
  if (isSensitive) return s.sensitiveMark;
  return PUBLIC_CATEGORIES.includes(category) ? s.publicWhenApproved : s.workspaceOnly;
}

/** Renders the form that registers a document with its first file. */
export function DocumentFormPage(props: {
  page: SitePage;
  /** Categories the caller may file now; as-built drawings wait for the final inspection. */
  categories: readonly DocumentCategory[];
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, values, problems } = props;
  const { s } = page;
  const labels = { category: s.category, title: s.title, note: s.note, file: s.file };
  return (
    <SiteFrame page={page} title={s.newDocument}>
      <h1>{s.newDocument}</h1>
      <form
        method="post"
        action={sitePath(page, "/documents")}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <ErrorSummary problems={problems} w={page.w} labels={labels} />
        <CsrfField token={page.csrfToken} />
        <SelectField
          name="category"
          label={s.category}
          value={values.category}
          options={[
            ["", s.choose],
            ...props.categories.map((category): [string, string] => [
              category,
              categoryLabel(s, category),
            ]),
          ]}
          problems={problems}
        />
        <Field name="title" label={s.title} value={values.title} problems={problems} required />
        <div class="field">
          <label class="check" for="field-isSensitive">
            <input
              id="field-isSensitive"
              type="checkbox"
              name="isSensitive"
              value="true"
              checked={values.isSensitive === "true"}
              aria-describedby="field-isSensitive-hint"
            />{" "}
            {s.sensitive}
          </label>
          <p class="hint" id="field-isSensitive-hint">
            {s.sensitiveHint}
          </p>
        </div>
        <TextArea name="note" label={s.note} value={values.note} problems={problems} rows={2} />
        <FileField
          name="file"
          label={s.file}
          hint={s.fileHint.replace("{size}", formatBytes(MAX_DOCUMENT_BYTES))}
          problems={problems}
        />
        <div class="actions">
          <button type="submit">{s.upload}</button>
        </div>
      </form>
    </SiteFrame>
  );
}

/** Renders one document's versions, files and decisions, and the forms the caller may use. */
export function DocumentPage(props: {
  page: SitePage;
  document: RegisteredDocument;
  names: UserNames;
  canDecide: boolean;
  canAddVersion: boolean;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, document, names, values, problems } = props;
  const { s } = page;
  const nameOf = (id: number | null) => (id === null ? "" : (names.get(id) ?? `#${id}`));
  const labels: Record<string, string> = { note: s.note, file: s.file, version: s.version };
  for (const version of document.versions) {
    labels[`reason-${version.version}`] = `${s.reason} (${s.version} ${version.version})`;
  }
  const newestFirst = [...document.versions].reverse();
  return (
    <SiteFrame page={page} title={document.title}>
      <h1>{document.title}</h1>
      <dl class="record-facts">
        <dt>{s.category}</dt>
        <dd>{categoryLabel(s, document.category)}</dd>
        <dt>{s.disclosure}</dt>
        <dd class="document-disclosure">
          {disclosureNote(page, document.category, document.isSensitive)}
        </dd>
      </dl>
      <ErrorSummary problems={problems} w={page.w} labels={labels} />
      <h2>{s.versions}</h2>
      {newestFirst.map((version) => (
        <section class="version card" aria-labelledby={`version-${version.version}`}>
          <h3 id={`version-${version.version}`}>
            {`${s.version} ${version.version}: `}
            <span class={`version-status status-${version.status}`}>
              {versionStatusLabel(s, version.status)}
            </span>
          </h3>
          <dl class="record-facts">
            <dt>{s.fileName}</dt>
            <dd class="break">
              <a href={documentPath(page, document.id, `/versions/${version.version}/file`)}>
                {version.fileName}
              </a>
            </dd>
            <dt>SHA-256</dt>
            <dd class="break">
              <code>{version.sha256}</code>
            </dd>
            <dt>{s.size}</dt>
            <dd>{formatBytes(version.sizeBytes)}</dd>
            <dt>{s.uploadedBy}</dt>
            <dd>{`${nameOf(version.uploadedBy)}, ${formatInstant(version.uploadedAt)}`}</dd>
            {version.note ? (
              <>
                <dt>{s.note}</dt>
                <dd>{version.note}</dd>
              </>
            ) : null}
            {version.decidedAt ? (
              <>
                <dt>{s.decidedBy}</dt>
                <dd>{`${nameOf(version.decidedBy)}, ${formatInstant(version.decidedAt)}`}</dd>
              </>
            ) : null}
            {version.rejectionReason ? (
              <>
                <dt>{s.reason}</dt>
                <dd>{version.rejectionReason}</dd>
              </>
            ) : null}
          </dl>
          <p>
            <a
              class="button secondary"
              href={documentPath(page, document.id, `/versions/${version.version}/file`)}
              download={version.fileName}
            >
              {s.download}
            </a>
          </p>
          {props.canDecide && version.status === "submitted" ? (
            <DecisionForms
              page={page}
              document={document}
              version={version.version}
              values={values}
              problems={problems}
            />
          ) : null}
        </section>
      ))}
      {props.canAddVersion ? (
        <form
          method="post"
          action={documentPath(page, document.id, "/versions")}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <h2>{s.newVersion}</h2>
          <CsrfField token={page.csrfToken} />
          <TextArea name="note" label={s.note} value={values.note} problems={problems} rows={2} />
          <FileField
            name="file"
            label={s.file}
            hint={s.fileHint.replace("{size}", formatBytes(MAX_DOCUMENT_BYTES))}
            problems={problems}
          />
          <div class="actions">
            <button type="submit">{s.upload}</button>
          </div>
        </form>
      ) : null}
    </SiteFrame>
  );
}

/** Renders the approve and reject forms of one submitted version. */
function DecisionForms(props: {
  page: SitePage;
  document: RegisteredDocument;
  version: number;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, document, version, problems } = props;
  const { s } = page;
  const field = `reason-${version}`;
  const error = problems.find((problem) => problem.path === field);
  return (
    <div class="review-actions">
      <form method="post" action={documentPath(page, document.id, `/versions/${version}/approve`)}>
        <CsrfField token={page.csrfToken} />
        <button type="submit">{s.approve}</button>
      </form>
      <form
        method="post"
        action={documentPath(page, document.id, `/versions/${version}/reject`)}
        class="form"
      >
        <CsrfField token={page.csrfToken} />
        <div class="field">
          <label for={`field-${field}`}>{s.reason}</label>
          <p class="hint" id={`field-${field}-hint`}>
            {s.reasonHint}
          </p>
          {error ? (
            <p class="field-error" id={`field-${field}-error`}>
              {error.message}
            </p>
          ) : null}
          <input
            id={`field-${field}`}
            name="reason"
            type="text"
            value={props.values[field] ?? ""}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={
              error ? `field-${field}-hint field-${field}-error` : `field-${field}-hint`
            }
          />
        </div>
        <button type="submit" class="secondary">
          {s.reject}
        </button>
      </form>
    </div>
  );
}
