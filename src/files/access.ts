/**
 * Access rules for stored files. A file is public when a public project's photo or document
 * row points to it. Otherwise it belongs to the workspace: the original of a site photo (EXIF
 * time, position and camera details), its metadata-free copy before publication, its
 * thumbnail, or a version of a registered document, which may be a security-sensitive drawing.
 * Such a file is served only to a signed-in user who may view the project it belongs to.
 */
import type { Kysely } from "kysely";
import { can, type Action, type Principal } from "../accounts/permissions.js";
import { loadProjectAccess } from "../accounts/principal.js";
import type { DB } from "../db/types.js";

/** A project that references a workspace file, and the action that lets a user read it. */
export interface FileGrant {
  projectId: string;
  action: Action;
}

/** Tells whether a public project's photo or document row points to the file. */
export async function isPublicFile(db: Kysely<DB>, sha256: string): Promise<boolean> {
  const photo = await db
    .selectFrom("photos")
    .innerJoin("projects", "projects.id", "photos.project_id")
    .select("photos.id")
    .where("photos.sha256", "=", sha256)
    .where("projects.is_public", "=", true)
    .limit(1)
    .executeTakeFirst();
  if (photo) return true;

  const document = await db
    .selectFrom("documents")
    .innerJoin("projects", "projects.id", "documents.project_id")
    .select("documents.id")
    .where("documents.sha256", "=", sha256)
    .where("projects.is_public", "=", true)
    .limit(1)
    .executeTakeFirst();
  return document !== undefined;
}

/** Lists the workspace projects that reference the file, with the action each requires. */
export async function workspaceFileGrants(db: Kysely<DB>, sha256: string): Promise<FileGrant[]> {
  const photos = await db
    .selectFrom("workspace_photos")
    .select("project_id")
    .where((eb) =>
      eb.or([
        eb("sha256", "=", sha256),
        eb("public_sha256", "=", sha256),
        eb("thumbnail_sha256", "=", sha256),
      ]),
    )
    .execute();
  const documents = await db
    .selectFrom("document_versions")
    .innerJoin("workspace_documents", "workspace_documents.id", "document_versions.document_id")
    .select("workspace_documents.project_id")
    .where((eb) =>
      eb.or([
        eb("document_versions.sha256", "=", sha256),
        eb("document_versions.public_sha256", "=", sha256),
      ]),
    )
    .execute();
  return [
    ...photos.map((row) => ({ projectId: row.project_id, action: "project.view" as const })),
    ...documents.map((row) => ({ projectId: row.project_id, action: "document.view" as const })),
  ];
}

/** The audience of a file: anyone, the caller as a project member, or not the caller. */
export type FileAudience = "public" | "member" | "denied";

/**
 * Decides who may download the file: anyone for a public file, otherwise a principal allowed
 * the grant's action in one of the projects that reference it. An unreferenced file is denied.
 */
export async function fileAudience(
  db: Kysely<DB>,
  principal: Principal | undefined,
  sha256: string,
): Promise<FileAudience> {
  if (await isPublicFile(db, sha256)) return "public";
  if (!principal) return "denied";
  for (const grant of await workspaceFileGrants(db, sha256)) {
    const project = await loadProjectAccess(db, principal, grant.projectId);
    if (project && can(principal, grant.action, project)) return "member";
  }
  return "denied";
}
