import type { ColumnType, Generated } from "kysely";

/**
 * Table types of the document registry and the workspace's site photos (migration
 * `0011_documents_photos.sql`), merged into `DB` in `types.ts`.
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Category of a registered document. */
export type DocumentCategory =
  "drawing" | "specification" | "approval" | "test_report" | "minutes" | "as_built";

/** Status of a document version. */
export type DocumentVersionStatus = "submitted" | "approved" | "rejected";

/** Result of comparing a photo's EXIF position with the project's locations. */
export type PositionCheck = "within_area" | "outside_area" | "not_checked" | "no_position";

export interface WorkspaceDocumentsTable {
  id: Generated<number>;
  project_id: string;
  category: DocumentCategory;
  title: string;
  is_sensitive: boolean;
  created_by: number;
  created_at: Timestamp;
}

export interface DocumentVersionsTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  sha256: string;
  /** The copy without metadata that is published, for an image; null for other files. */
  public_sha256: string | null;
  size_bytes: number;
  media_type: string;
  file_name: string;
  note: string | null;
  text_content: string | null;
  status: DocumentVersionStatus;
  uploaded_by: number;
  uploaded_at: Timestamp;
  decided_by: number | null;
  decided_at: Timestamp | null;
  rejection_reason: string | null;
}

export interface WorkspacePhotosTable {
  id: Generated<number>;
  project_id: string;
  sha256: string;
  thumbnail_sha256: string | null;
  /** The copy without EXIF and other metadata, the one the public page shows. */
  public_sha256: string;
  media_type: "image/jpeg" | "image/png" | "image/webp";
  size_bytes: number;
  caption: string | null;
  taken_at: Timestamp | null;
  latitude: number | null;
  longitude: number | null;
  position_check: PositionCheck;
  distance_metres: number | null;
  uploaded_by: number;
  uploaded_at: Timestamp;
}

export interface DocumentsPhotosDB {
  workspace_documents: WorkspaceDocumentsTable;
  document_versions: DocumentVersionsTable;
  workspace_photos: WorkspacePhotosTable;
}
