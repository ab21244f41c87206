/**
 * The site photo pages of a project: upload one or more photos from a phone at the site, the
 * gallery with each photo's EXIF time and position, and the images themselves.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import { AppError, errors, type Problem } from "../http/errors.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
import { sniffPhotoType } from "./image.js";
import { PhotoGalleryPage, type GalleryPhoto, type ReportLink } from "./pages.js";
import { checkCaption, findPhoto, listPhotos, MAX_PHOTO_BYTES, uploadPhoto } from "./photos.js";
import { renderPhoto } from "./render.js";

/** Maximum number of photos one form sends; each is at most `MAX_PHOTO_BYTES`. */
export const MAX_PHOTOS_PER_UPLOAD = 10;

/**
 * Maximum size of the photos of one form together (50 MiB). With room for the other fields it
 * stays under the server's limit of any multipart body, so an oversized form gets its error.
 */
export const MAX_PHOTO_UPLOAD_BYTES = 50 * 1024 ** 2;

/** Adds the photo pages to the project router. */
export function addPhotoPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const { accounts, dependencies } = tools;
  const { db } = accounts;
  const view = tools.read("document.view");

  const showGallery = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 413 = problems.length > 0 ? 400 : 200,
  ) => {
    const projectId = tools.projectIdOf(context);
    const photos = await listPhotos(db, projectId);
    const uploaded = Number(context.req.query("uploaded"));
    return context.html(
      <PhotoGalleryPage
        page={await tools.pageOf(context)}
        photos={await galleryOf(tools, projectId, photos)}
        canUpload={tools.may(context, "photo.upload")}
        maxFiles={MAX_PHOTOS_PER_UPLOAD}
        maxTotalBytes={MAX_PHOTO_UPLOAD_BYTES}
        uploaded={Number.isInteger(uploaded) && uploaded > 0 ? uploaded : undefined}
        values={values}
        problems={problems}
      />,
      status,
    );
  };
  router.get("/:id/photos", view, (context) => showGallery(context, {}, []));
  router.post(
    "/:id/photos",
    tools.post("photo.upload", {
      maxBytes: MAX_PHOTO_UPLOAD_BYTES,
      tooLarge: (context) =>
        showGallery(
          context,
          {},
          [
            {
              path: "file",
              message: `the photos are larger than ${MAX_PHOTO_UPLOAD_BYTES} bytes together`,
            },
          ],
          413,
        ),
    }),
    async (context) => {
      const body = await context.req.parseBody({ all: true });
      const values = await tools.formOf(context);
      const files = [body.file]
        .flat()
        .filter((value): value is File => value instanceof File && value.size > 0);
      let photos: Uint8Array[];
      try {
        photos = await checkPhotos(files);
        checkCaption(values.caption);
      } catch (error) {
        const status = (error as { status?: number }).status === 413 ? 413 : 400;
        return showGallery(context, values, tools.inputProblems(error), status);
      }
      // Every file passed the checks that the upload makes, so each upload below succeeds
      // unless the database fails.
      for (const bytes of photos) {
        await uploadPhoto(
          db,
          dependencies.fileStore,
          tools.projectIdOf(context),
          { bytes, caption: values.caption ?? "" },
          tools.actorOf(context),
        );
      }
      return tools.redirectTo(context, `/photos?uploaded=${photos.length}`);
    },
  );

  const serve = (kind: "image" | "thumbnail") =>
    router.get(`/:id/photos/:photoId{[0-9]+}/${kind}`, view, async (context) => {
      const photo = await findPhoto(db, tools.projectIdOf(context), {
        id: Number(context.req.param("photoId")),
      });
      if (!photo) throw errors.notFound(`Photo ${context.req.param("photoId")}`);
      const sha256 = kind === "thumbnail" ? (photo.thumbnailSha256 ?? photo.sha256) : photo.sha256;
      const file = await dependencies.fileStore.get(sha256);
      if (!file) throw errors.notFound("The photo file");
      return context.body(new Uint8Array(file.bytes), 200, {
        "Content-Type": file.contentType,
        // A photo's id always names the same bytes, and only members may see the original.
        "Cache-Control": "private, max-age=86400, immutable",
        "X-Content-Type-Options": "nosniff",
      });
    });
  serve("image");
  serve("thumbnail");
}

/**
 * Checks every file as the upload will, before any is stored: none missing, empty, too large
 * or other than a JPEG, PNG or WebP photo. Throws invalid_input (413 for size) on `file`,
 * naming the file.
 */
async function checkPhotos(files: File[]): Promise<Uint8Array[]> {
  const reject = (message: string, status: 400 | 413 = 400) =>
    new AppError("invalid_input", status, `The photo is invalid: ${message}.`, [
      { path: "file", message },
    ]);
  if (files.length === 0) throw reject("is missing: choose or take at least one photo");
  if (files.length > MAX_PHOTOS_PER_UPLOAD) {
    throw reject(`${files.length} photos chosen; send at most ${MAX_PHOTOS_PER_UPLOAD} at a time`);
  }
  const photos: Uint8Array[] = [];
  for (const file of files) {
    if (file.size > MAX_PHOTO_BYTES) {
      throw reject(
        `${file.name} is ${file.size} bytes, more than the limit of ${MAX_PHOTO_BYTES} bytes`,
        413,
      );
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = sniffPhotoType(bytes);
    if (!type) throw reject(`${file.name} is not a JPEG, PNG or WebP image`);
    try {
      await renderPhoto(bytes, type);
    } catch (error) {
      throw reject(`${file.name} cannot be read as an image: ${(error as Error).message}`);
    }
    photos.push(bytes);
  }
  return photos;
}

/** Adds to each photo its uploader's name and the current daily reports that reference it. */
async function galleryOf(
  tools: SiteTools,
  projectId: string,
  photos: Awaited<ReturnType<typeof listPhotos>>,
): Promise<GalleryPhoto[]> {
  if (photos.length === 0) return [];
  const { db } = tools.accounts;
  const [users, reports] = await Promise.all([
    db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("id", "in", [...new Set(photos.map((photo) => photo.uploadedBy))])
      .execute(),
    db
      .selectFrom("daily_reports")
      .select(["id", "report_date", "status", "photo_references"])
      .where("project_id", "=", projectId)
      .where("is_current", "=", true)
      .orderBy("report_date")
      .execute(),
  ]);
  const names = new Map(users.map((user) => [user.id, user.display_name]));
  const reportsOf = new Map<string, ReportLink[]>();
  for (const report of reports) {
    for (const reference of report.photo_references) {
      const links = reportsOf.get(reference) ?? [];
      links.push({ id: report.id, date: report.report_date, status: report.status });
      reportsOf.set(reference, links);
    }
  }
  return photos.map((photo) => ({
    photo,
    uploadedBy: names.get(photo.uploadedBy) ?? `#${photo.uploadedBy}`,
    reports: reportsOf.get(photo.sha256) ?? [],
  }));
}
