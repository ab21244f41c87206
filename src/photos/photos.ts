/**
 * Site photos of a workspace project: upload with EXIF time and position kept, a thumbnail, a
 * check of the position against the project's locations, and publication of the photos that
 * an approved daily report references.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../accounts/audit.js";
import type { DB } from "../db/types.js";
import type { PositionCheck } from "../db/types-documents-photos.js";
import type { FileStore } from "../files/store.js";
import { isSha256Hex, sha256Hex } from "../files/store.js";
import { isDisclosed, jurisdictionOfProject } from "../disclosure/policy.js";
import { AppError } from "../http/errors.js";
import { writeEvent } from "../projects/store-rows.js";
import { readExif } from "./exif.js";
import { sniffPhotoType, type PhotoMediaType } from "./image.js";
import { renderPhoto, type RenderedPhoto } from "./render.js";
import { wallTimeToUtc } from "./time.js";

/** Largest photo accepted, in bytes (20 MiB). */
export const MAX_PHOTO_BYTES = 20 * 1024 ** 2;

/**
 * Distance from the nearest project location beyond which a photo's position is flagged.
 * NOTE: a fixed radius, because project locations are points here. A long road or a river
 * project may need a larger one, or its line geometry.
 */
export const AREA_RADIUS_METRES = 5_000;

/** A workspace photo as the API returns it. */
export interface Photo {
  id: number;
  projectId: string;
  sha256: string;
  thumbnailSha256: string | null;
  publicSha256: string;
  mediaType: PhotoMediaType;
  sizeBytes: number;
  caption: string | null;
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  positionCheck: PositionCheck;
  distanceMetres: number | null;
  uploadedBy: number;
  uploadedAt: Date;
}

interface Actor {
  userId: number;
  clientAddress: string | null;
  now: Date;
}

function photoProblem(path: string, message: string, status: 400 | 413 = 400): AppError {
  return new AppError("invalid_input", status, `The photo's ${path} is invalid: ${message}.`, [
    { path, message },
  ]);
}

/** Checks a caption: optional, at most 500 characters, no control characters. */
export function checkCaption(caption: string | undefined): string | null {
  const trimmed = caption?.trim() ?? "";
  if (trimmed === "") return null;
  if (trimmed.length > 500) throw photoProblem("caption", "must be at most 500 characters");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(trimmed)) {
    throw photoProblem("caption", "must not contain control characters");
  }
  return trimmed;
}

/**
 * Stores a photo: the original (EXIF kept, for the workspace), a copy without metadata and
 * turned upright (for the public page) and a thumbnail (see `renderPhoto`). Uploading the same
 * bytes to the same project again returns the stored photo unchanged.
 *
 * Throws invalid_input on `file` for an empty, oversized (413) or non-photo file and on
 * `caption` for a bad caption, before anything is stored.
 */
export async function uploadPhoto(
  db: Kysely<DB>,
  fileStore: FileStore,
  projectId: string,
  input: { bytes: Uint8Array; caption?: string },
  actor: Actor,
): Promise<{ photo: Photo; created: boolean }> {
  const { bytes } = input;
  if (bytes.length === 0) throw photoProblem("file", "the file is empty");
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw photoProblem(
      "file",
      `the file is ${bytes.length} bytes, more than the limit of ${MAX_PHOTO_BYTES} bytes`,
      413,
    );
  }
  const mediaType = sniffPhotoType(bytes);
  if (!mediaType) {
    throw photoProblem("file", "the file is not a JPEG, PNG or WebP image");
  }
  const caption = checkCaption(input.caption);

  const sha256 = sha256Hex(bytes);
  const existing = await findPhoto(db, projectId, { sha256 });
  if (existing) return { photo: existing, created: false };

  let rendered: RenderedPhoto;
  try {
    rendered = await renderPhoto(bytes, mediaType);
  } catch (error) {
    throw photoProblem("file", `the image cannot be read: ${(error as Error).message}`);
  }
  const exif = mediaType === "image/jpeg" ? readExif(bytes) : {};
  const takenAt = exif.dateTimeOriginal
    ? wallTimeToUtc(
        exif.dateTimeOriginal,
        exif.offsetTimeOriginal ?? (await timeZoneOf(db, projectId)),
      )
    : null;
  const hasPosition = exif.latitude !== undefined && exif.longitude !== undefined;
  const check = hasPosition
    ? await checkPosition(db, projectId, exif.latitude!, exif.longitude!)
    : { positionCheck: "no_position" as const, distanceMetres: null };

  // Files first: the store keeps one copy per content, so a failed insert below leaves at most
  // unreferenced files, never a row without its file.
  await fileStore.put(bytes, mediaType);
  const stored = await fileStore.put(rendered.publicCopy, mediaType);
  const thumbnail = await fileStore.put(rendered.thumbnail, "image/jpeg");

  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("workspace_photos")
      .values({
        project_id: projectId,
        sha256,
        thumbnail_sha256: thumbnail.sha256,
        public_sha256: stored.sha256,
        media_type: mediaType,
        size_bytes: bytes.length,
        caption,
        taken_at: takenAt,
        latitude: exif.latitude ?? null,
        longitude: exif.longitude ?? null,
        position_check: check.positionCheck,
        distance_metres: check.distanceMetres,
        uploaded_by: actor.userId,
        uploaded_at: actor.now,
      })
      .onConflict((conflict) => conflict.columns(["project_id", "sha256"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) {
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: "photo.upload",
        subject: `project:${projectId}`,
        outcome: "success",
        clientAddress: actor.clientAddress,
        details: { photoId: inserted.id, sha256, positionCheck: check.positionCheck },
        occurredAt: actor.now,
      });
    }
    return inserted;
  });
  const photo = (await findPhoto(db, projectId, { sha256 }))!;
  return { photo, created: row !== undefined };
}

/** Returns the photo with that id or original hash in the project, or undefined. */
export async function findPhoto(
  db: Kysely<DB>,
  projectId: string,
  key: { id: number } | { sha256: string },
): Promise<Photo | undefined> {
  let query = db.selectFrom("workspace_photos").selectAll().where("project_id", "=", projectId);
  query = "id" in key ? query.where("id", "=", key.id) : query.where("sha256", "=", key.sha256);
  const row = await query.executeTakeFirst();
  return row ? toPhoto(row) : undefined;
}

/** Lists the project's photos, newest upload first. */
export async function listPhotos(db: Kysely<DB>, projectId: string): Promise<Photo[]> {
  const rows = await db
    .selectFrom("workspace_photos")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("uploaded_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toPhoto);
}

function toPhoto(row: {
  id: number;
  project_id: string;
  sha256: string;
  thumbnail_sha256: string | null;
  public_sha256: string;
  media_type: PhotoMediaType;
  size_bytes: number;
  caption: string | null;
  taken_at: Date | null;
  latitude: number | null;
  longitude: number | null;
  position_check: PositionCheck;
  distance_metres: number | null;
  uploaded_by: number;
  uploaded_at: Date;
}): Photo {
  return {
    id: row.id,
    projectId: row.project_id,
    sha256: row.sha256,
    thumbnailSha256: row.thumbnail_sha256,
    publicSha256: row.public_sha256,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    caption: row.caption,
    takenAt: row.taken_at,
    latitude: row.latitude,
    longitude: row.longitude,
    positionCheck: row.position_check,
    distanceMetres: row.distance_metres,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

/**
 * Returns the IANA time zone of the project's jurisdiction.
 * NOTE: projects registered in the workspace have no jurisdiction yet, so their photos' EXIF
 * times without an offset are read as UTC.
 */
async function timeZoneOf(db: Kysely<DB>, projectId: string): Promise<string> {
  const row = await db
    .selectFrom("projects")
    .leftJoin("jurisdictions", "jurisdictions.id", "projects.jurisdiction_id")
    .select("jurisdictions.time_zone")
    .where("projects.id", "=", projectId)
    .executeTakeFirst();
  return row?.time_zone ?? "UTC";
}

/**
 * Compares a position with the project's location points. Without any located point the
 * position cannot be checked: such a photo can still be published, but without its position.
 */
export async function checkPosition(
  db: Kysely<DB>,
  projectId: string,
  latitude: number,
  longitude: number,
): Promise<{ positionCheck: PositionCheck; distanceMetres: number | null }> {
  const locations = await db
    .selectFrom("project_locations")
    .select(["latitude", "longitude"])
    .where("project_id", "=", projectId)
    .where("latitude", "is not", null)
    .where("longitude", "is not", null)
    .execute();
  if (locations.length === 0) return { positionCheck: "not_checked", distanceMetres: null };
  const nearest = Math.min(
    ...locations.map((location) =>
      haversineMetres(latitude, longitude, location.latitude!, location.longitude!),
    ),
  );
  return {
    positionCheck: nearest <= AREA_RADIUS_METRES ? "within_area" : "outside_area",
    distanceMetres: Math.round(nearest),
  };
}

/** Great-circle distance on a sphere of the Earth's mean radius, 6,371,008.8 m. */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Copies to the public `photos` table the workspace photos that an approved daily report
 * references by SHA-256, unless the jurisdiction's disclosure policy withholds "photos". The public row points to the copy without metadata. A photo whose
 * position is outside the project's area is not published, and a position is published only
 * when it was checked to lie within the area. References to other addresses are left alone.
 */
export async function publishReportPhotos(
  db: Kysely<DB>,
  projectId: string,
  references: readonly string[],
  actorUserId: number,
): Promise<number> {
  const hashes = references.filter(isSha256Hex);
  if (hashes.length === 0) return 0;
  if (!(await isDisclosed(db, await jurisdictionOfProject(db, projectId), "photos"))) return 0;
  const photos = await db
    .selectFrom("workspace_photos")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("sha256", "in", hashes)
    .where("position_check", "!=", "outside_area")
    .execute();
  let published = 0;
  for (const photo of photos) {
    const within = photo.position_check === "within_area";
    const values = {
      project_id: projectId,
      id: `workspace-photo-${photo.id}`,
      url: null,
      sha256: photo.public_sha256,
      caption: photo.caption,
      taken_at: photo.taken_at,
      latitude: within ? photo.latitude : null,
      longitude: within ? photo.longitude : null,
      source: "workspace",
    };
    const inserted = await db
      .insertInto("photos")
      .values(values)
      .onConflict((conflict) => conflict.columns(["project_id", "id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) continue;
    published += 1;
    await writeEvent(
      db,
      { actor: `user:${actorUserId}`, projectId },
      "photo",
      values.id,
      "create",
      null,
      { ...values, taken_at: values.taken_at?.toISOString() ?? null },
    );
  }
  return published;
}
