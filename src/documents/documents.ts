/**
 * The document registry of a workspace project: documents in categories, each with versions
 * whose files are kept in the content-addressed store, approval of a version, and search.
 * Approved versions of public categories are copied to the public `documents` table.
 */
import type { Kysely } from "kysely";
import { sql } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { Action } from "../accounts/permissions.js";
import type { DB } from "../db/types.js";
import type { DocumentCategory, DocumentVersionStatus } from "../db/types-documents-photos.js";
import type { FileStore } from "../files/store.js";
import { sha256Hex } from "../files/store.js";
import { isDisclosed, jurisdictionOfProject } from "../disclosure/policy.js";
import { AppError, errors } from "../http/errors.js";
import { writeEvent } from "../projects/store-rows.js";
import { sniffPhotoType, stripMetadata } from "../photos/image.js";
import { documentMediaType } from "./file-types.js";

export const DOCUMENT_CATEGORIES = [
  "drawing",
  "specification",
  "approval",
  "test_report",
  "minutes",
  "as_built",
] as const satisfies readonly DocumentCategory[];

/**
 * Categories whose approved, non-sensitive versions appear on the public project page, when
 * the jurisdiction's disclosure policy also discloses "documents". Drawings, specifications
 * and as-built drawings stay in the workspace.
 */
export const PUBLIC_CATEGORIES: readonly DocumentCategory[] = [
  "approval",
  "test_report",
  "minutes",
];

/** Largest document file accepted: 50 MiB. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 ** 2;

/** Maximum length of the text kept from a text file for search, in characters. */
const MAX_SEARCH_TEXT = 200_000;

export interface DocumentVersion {
  version: number;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  fileName: string;
  note: string | null;
  status: DocumentVersionStatus;
  uploadedBy: number;
  uploadedAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  rejectionReason: string | null;
}

export interface RegisteredDocument {
  id: number;
  projectId: string;
  category: DocumentCategory;
  title: string;
  isSensitive: boolean;
  createdBy: number;
  createdAt: Date;
  /** Oldest first. */
  versions: DocumentVersion[];
}

export interface DocumentActor {
  userId: number;
  clientAddress: string | null;
  now: Date;
  /** Tells whether the caller may take an action in the project. */
  may: (action: Action) => boolean;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** Builds the error of one field; the message names the field, as the problem's path does. */
function problem(path: string, message: string, status: 400 | 409 | 413 = 400): AppError {
  if (status === 409) {
    const sentence = `${message[0]!.toUpperCase()}${message.slice(1)}.`;
    return new AppError("conflict", 409, sentence, [{ path, message }]);
  }
  return new AppError("invalid_input", status, `The document's ${path} is invalid: ${message}.`, [
    { path, message },
  ]);
}

function checkText(path: string, value: string | undefined, max: number, required: boolean) {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") {
    if (required) throw problem(path, "is missing");
    return null;
  }
  if (trimmed.length > max) throw problem(path, `must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(trimmed)) {
    throw problem(path, "must not contain control characters");
  }
  return trimmed;
}

/** Checks a file and returns what a version row needs. Stores nothing. */
function checkFile(file: UploadedFile | undefined) {
  if (!file) throw problem("file", "is missing");
  if (file.bytes.length === 0) throw problem("file", `${file.name} is empty`);
  if (file.bytes.length > MAX_DOCUMENT_BYTES) {
    throw problem(
      "file",
      `${file.name} is ${file.bytes.length} bytes, more than the limit of ${MAX_DOCUMENT_BYTES} bytes`,
      413,
    );
  }
  const mediaType = documentMediaType(file.bytes, file.name);
  if (!mediaType) {
    throw problem("file", `${file.name} is not a PDF, image, office, DWG or UTF-8 text file`);
  }
  const fileName = checkText("file", file.name.replace(/^.*[\\/]/, ""), 200, false) ?? "file";
  const text = mediaType.startsWith("text/")
    ? Buffer.from(file.bytes).toString("utf8").slice(0, MAX_SEARCH_TEXT)
    : null;
  const publicBytes = publicCopyOf(file);
  return {
    mediaType,
    fileName,
    text,
    sha256: sha256Hex(file.bytes),
    publicBytes,
    publicSha256: publicBytes ? sha256Hex(publicBytes) : null,
  };
}

/**
 * Returns an image's copy without metadata (EXIF, XMP, comments), which is what the public page
 * gets, so a photo filed as a document does not publish where and by whom it was taken.
 * Returns null for other files.
 */
function publicCopyOf(file: UploadedFile): Uint8Array | null {
  const imageType = sniffPhotoType(file.bytes);
  if (!imageType) return null;
  try {
    return stripMetadata(file.bytes, imageType);
  } catch (error) {
    throw problem("file", `${file.name} is a damaged image: ${(error as Error).message}`);
  }
}

/** Stores an uploaded version and, for an image, its public copy. */
async function storeFiles(
  fileStore: FileStore,
  bytes: Uint8Array,
  file: ReturnType<typeof checkFile>,
): Promise<void> {
  await fileStore.put(bytes, file.mediaType);
  if (file.publicBytes) await fileStore.put(file.publicBytes, file.mediaType);
}

async function assertAsBuiltAllowed(db: Kysely<DB>, projectId: string, actor: DocumentActor) {
  if (!actor.may("asbuilt.upload")) throw errors.forbidden();
  const project = await db
    .selectFrom("workspace_projects")
    .select("final_inspection_at")
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!project?.final_inspection_at) {
    throw problem(
      "category",
      "as-built drawings are accepted only after the final inspection is recorded",
      409,
    );
  }
}

/**
 * Registers a document with its first version. Throws invalid_input naming the field for a
 * bad category, title, note or file, 403 when an as-built drawing comes from someone other
 * than the prime contractor, and 409 for an as-built drawing before the final inspection.
 */
export async function registerDocument(
  db: Kysely<DB>,
  fileStore: FileStore,
  projectId: string,
  input: {
    category?: string;
    title?: string;
    isSensitive?: string;
    note?: string;
    file?: UploadedFile;
  },
  actor: DocumentActor,
): Promise<RegisteredDocument> {
  const category = input.category as DocumentCategory;
  if (!DOCUMENT_CATEGORIES.includes(category)) {
    throw problem("category", `must be one of ${DOCUMENT_CATEGORIES.join(", ")}`);
  }
  const title = checkText("title", input.title, 300, true)!;
  if (!["true", "false", "", undefined].includes(input.isSensitive)) {
    throw problem("isSensitive", "must be true or false");
  }
  const note = checkText("note", input.note, 2000, false);
  const file = checkFile(input.file);
  if (category === "as_built") await assertAsBuiltAllowed(db, projectId, actor);

  await storeFiles(fileStore, input.file!.bytes, file);
  const id = await db.transaction().execute(async (trx) => {
    const document = await trx
      .insertInto("workspace_documents")
      .values({
        project_id: projectId,
        category,
        title,
        is_sensitive: input.isSensitive === "true",
        created_by: actor.userId,
        created_at: actor.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertVersion(trx, document.id, 1, file, input.file!.bytes.length, note, actor);
    await audit(trx, projectId, actor, "document.upload", { documentId: document.id, version: 1 });
    return document.id;
  });
  return (await getDocument(db, projectId, id))!;
}

/** Adds the next version of a document. The earlier versions stay as they are. */
export async function addDocumentVersion(
  db: Kysely<DB>,
  fileStore: FileStore,
  projectId: string,
  documentId: number,
  input: { note?: string; file?: UploadedFile },
  actor: DocumentActor,
): Promise<RegisteredDocument> {
  const existing = await getDocument(db, projectId, documentId);
  if (!existing) throw errors.notFound(`Document ${documentId}`);
  const note = checkText("note", input.note, 2000, false);
  const file = checkFile(input.file);
  if (existing.category === "as_built") await assertAsBuiltAllowed(db, projectId, actor);

  await storeFiles(fileStore, input.file!.bytes, file);
  await db.transaction().execute(async (trx) => {
    // Locks the document so that two uploads at once get different version numbers.
    await trx
      .selectFrom("workspace_documents")
      .select("id")
      .where("id", "=", documentId)
      .forUpdate()
      .execute();
    const last = await trx
      .selectFrom("document_versions")
      .select((eb) => eb.fn.max("version").as("version"))
      .where("document_id", "=", documentId)
      .executeTakeFirst();
    const version = Number(last?.version ?? 0) + 1;
    await insertVersion(trx, documentId, version, file, input.file!.bytes.length, note, actor);
    await audit(trx, projectId, actor, "document.upload", { documentId, version });
  });
  return (await getDocument(db, projectId, documentId))!;
}

async function insertVersion(
  db: Kysely<DB>,
  documentId: number,
  version: number,
  file: ReturnType<typeof checkFile>,
  sizeBytes: number,
  note: string | null,
  actor: DocumentActor,
) {
  await db
    .insertInto("document_versions")
    .values({
      document_id: documentId,
      version,
      sha256: file.sha256,
      public_sha256: file.publicSha256,
      size_bytes: sizeBytes,
      media_type: file.mediaType,
      file_name: file.fileName,
      note,
      text_content: file.text,
      status: "submitted",
      uploaded_by: actor.userId,
      uploaded_at: actor.now,
    })
    .execute();
}

async function audit(
  db: Kysely<DB>,
  projectId: string,
  actor: DocumentActor,
  action: string,
  details: Record<string, unknown>,
) {
  await recordAudit(db, {
    actorUserId: actor.userId,
    action,
    subject: `project:${projectId}`,
    outcome: "success",
    clientAddress: actor.clientAddress,
    details,
    occurredAt: actor.now,
  });
}

/**
 * Approves or rejects a submitted version. Approving a version of a public category that is
 * not security-sensitive publishes it on the project page, in place of an earlier approved one.
 * Throws 409 when the version was already decided, and invalid_input on `reason` for a
 * rejection without one.
 */
export async function decideDocumentVersion(
  db: Kysely<DB>,
  projectId: string,
  documentId: number,
  version: number,
  decision: { approve: boolean; reason?: string },
  actor: DocumentActor,
): Promise<RegisteredDocument> {
  const reason = decision.approve ? null : checkText("reason", decision.reason, 2000, true);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("document_versions")
      .innerJoin("workspace_documents", "workspace_documents.id", "document_versions.document_id")
      .select([
        "document_versions.id",
        "document_versions.status",
        "document_versions.sha256",
        "document_versions.public_sha256",
        "document_versions.media_type",
        "workspace_documents.category",
        "workspace_documents.title",
        "workspace_documents.is_sensitive",
      ])
      .where("workspace_documents.project_id", "=", projectId)
      .where("document_versions.document_id", "=", documentId)
      .where("document_versions.version", "=", version)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw errors.notFound(`Version ${version} of document ${documentId}`);
    if (row.status !== "submitted") {
      throw problem("version", `version ${version} is already ${row.status}`, 409);
    }
    await trx
      .updateTable("document_versions")
      .set({
        status: decision.approve ? "approved" : "rejected",
        decided_by: actor.userId,
        decided_at: actor.now,
        rejection_reason: reason,
      })
      .where("id", "=", row.id)
      .execute();
    if (
      decision.approve &&
      !row.is_sensitive &&
      PUBLIC_CATEGORIES.includes(row.category) &&
      (await isDisclosed(trx, await jurisdictionOfProject(trx, projectId), "documents"))
    ) {
      await publishVersion(trx, projectId, documentId, row, actor);
    }
    await audit(trx, projectId, actor, decision.approve ? "document.approve" : "document.reject", {
      documentId,
      version,
      ...(reason ? { reason } : {}),
    });
  });
  return (await getDocument(db, projectId, documentId))!;
}

async function publishVersion(
  db: Kysely<DB>,
  projectId: string,
  documentId: number,
  version: {
    sha256: string;
    public_sha256: string | null;
    media_type: string;
    title: string;
    category: DocumentCategory;
  },
  actor: DocumentActor,
) {
  const id = `workspace-document-${documentId}`;
  const before = await db
    .selectFrom("documents")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("process_id", "=", "")
    .where("id", "=", id)
    .executeTakeFirst();
  const values = {
    project_id: projectId,
    process_id: "",
    id,
    title: version.title,
    sha256: version.public_sha256 ?? version.sha256,
    format: version.media_type.replace(/;.*$/, ""),
    date_published: before?.date_published ?? actor.now,
    date_modified: actor.now,
    extra: JSON.stringify({ workspaceCategory: version.category }),
  };
  await db
    .insertInto("documents")
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(["project_id", "process_id", "id"]).doUpdateSet({
        title: values.title,
        sha256: values.sha256,
        format: values.format,
        date_modified: values.date_modified,
      }),
    )
    .execute();
  const after = { ...values, date_published: values.date_published.toISOString() };
  await writeEvent(
    db,
    { actor: `user:${actor.userId}`, projectId },
    "document",
    id,
    before ? "update" : "create",
    before ? { ...before } : null,
    { ...after, date_modified: actor.now.toISOString() },
  );
}

/** Returns a document with all its versions, or undefined when the project has no such one. */
export async function getDocument(
  db: Kysely<DB>,
  projectId: string,
  documentId: number,
): Promise<RegisteredDocument | undefined> {
  const [document] = await loadDocuments(db, projectId, { ids: [documentId] });
  return document;
}

/**
 * Searches the project's documents: `query` matches the title or the text of any version,
 * case-insensitively; `category` narrows to one category. Newest first, at most 200.
 */
export async function searchDocuments(
  db: Kysely<DB>,
  projectId: string,
  filter: { query?: string; category?: string },
): Promise<RegisteredDocument[]> {
  if (filter.category && !DOCUMENT_CATEGORIES.includes(filter.category as DocumentCategory)) {
    throw errors.invalidInput([
      { path: "category", message: `must be one of ${DOCUMENT_CATEGORIES.join(", ")}` },
    ]);
  }
  const text = filter.query?.trim() ?? "";
  if (text.length > 200) {
    throw errors.invalidInput([{ path: "q", message: "must be at most 200 characters" }]);
  }
  return loadDocuments(db, projectId, {
    category: filter.category as DocumentCategory | undefined,
    text: text === "" ? undefined : text,
  });
}

async function loadDocuments(
  db: Kysely<DB>,
  projectId: string,
  filter: { ids?: number[]; category?: DocumentCategory; text?: string },
): Promise<RegisteredDocument[]> {
  let query = db
    .selectFrom("workspace_documents")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(200);
  if (filter.ids) query = query.where("id", "in", filter.ids);
  if (filter.category) query = query.where("category", "=", filter.category);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("title", "ilike", pattern),
        eb.exists(
          eb
            .selectFrom("document_versions")
            .select(sql.lit(1).as("one"))
            .whereRef("document_versions.document_id", "=", "workspace_documents.id")
            .where("document_versions.text_content", "ilike", pattern),
        ),
      ]),
    );
  }
  const documents = await query.execute();
  if (documents.length === 0) return [];
  const versions = await db
    .selectFrom("document_versions")
    .selectAll()
    .where(
      "document_id",
      "in",
      documents.map((document) => document.id),
    )
    .orderBy("version")
    .execute();
  return documents.map((document) => ({
    id: document.id,
    projectId: document.project_id,
    category: document.category,
    title: document.title,
    isSensitive: document.is_sensitive,
    createdBy: document.created_by,
    createdAt: document.created_at,
    versions: versions
      .filter((version) => version.document_id === document.id)
      .map((version) => ({
        version: version.version,
        sha256: version.sha256,
        sizeBytes: version.size_bytes,
        mediaType: version.media_type,
        fileName: version.file_name,
        note: version.note,
        status: version.status,
        uploadedBy: version.uploaded_by,
        uploadedAt: version.uploaded_at,
        decidedBy: version.decided_by,
        decidedAt: version.decided_at,
        rejectionReason: version.rejection_reason,
      })),
  }));
}

/** Records the project's final inspection, once. Throws 409 when it is already recorded. */
export async function recordFinalInspection(
  db: Kysely<DB>,
  projectId: string,
  actor: DocumentActor,
): Promise<Date> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("workspace_projects")
      .set({ final_inspection_at: actor.now })
      .where("project_id", "=", projectId)
      .where("final_inspection_at", "is", null)
      .returning("final_inspection_at")
      .executeTakeFirst();
    if (!updated) {
      throw new AppError("conflict", 409, "The final inspection is already recorded.", [
        { path: "", message: "the final inspection is already recorded" },
      ]);
    }
    await audit(trx, projectId, actor, "project.final_inspection", {});
    return actor.now;
  });
}
