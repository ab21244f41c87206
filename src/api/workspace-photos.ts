/**
 * Workspace routes of site photos: upload a JPEG, PNG or WebP photo, list and read them. A
 * daily report references a photo by the `sha256` these routes return.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  authenticate,
  clientAddress,
  requireCsrf,
  requirePermission,
  requireSignIn,
  type WorkspaceEnv,
} from "../accounts/middleware.js";
import type { AccountServices } from "../accounts/services.js";
import type { AppDependencies } from "../http/app.js";
import { AppError, errors } from "../http/errors.js";
import {
  findPhoto,
  listPhotos,
  MAX_PHOTO_BYTES,
  uploadPhoto,
  type Photo,
} from "../photos/photos.js";
import { validationHook } from "./problems.js";
import { errorResponse, idParameter } from "./schemas.js";

const photoSchema = z
  .object({
    id: z.number().int(),
    projectId: z.string(),
    sha256: z.string().openapi({ description: "Hash of the original file, EXIF included." }),
    thumbnailSha256: z
      .string()
      .nullable()
      .openapi({ description: "The JPEG's embedded EXIF thumbnail, when it has one." }),
    publicSha256: z
      .string()
      .openapi({ description: "The copy without metadata that the public page shows." }),
    mediaType: z.enum(["image/jpeg", "image/png", "image/webp"]),
    sizeBytes: z.number().int(),
    caption: z.string().nullable(),
    takenAt: z.string().nullable().openapi({ format: "date-time" }),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    positionCheck: z.enum(["within_area", "outside_area", "not_checked", "no_position"]),
    distanceMetres: z.number().nullable(),
    uploadedBy: z.number().int(),
    uploadedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Photo");

const secured = { security: [{ bearerAuth: [] }], tags: ["Workspace: photos and documents"] };
const denied = {
  401: errorResponse("No valid token or session."),
  403: errorResponse("The caller's roles do not allow this."),
};
const photoParameters = idParameter("Project id.").extend({
  photoId: z.coerce
    .number({ error: "must be a photo id" })
    .int("must be a photo id")
    .openapi({ param: { name: "photoId", in: "path" } }),
});
const projectIdOf = (context: Context<WorkspaceEnv>) => context.req.param("id") ?? "";

function serialisePhoto(photo: Photo) {
  return {
    ...photo,
    takenAt: photo.takenAt?.toISOString() ?? null,
    uploadedAt: photo.uploadedAt.toISOString(),
  };
}

/**
 * Builds the photo routes. Mounted before the other workspace routes, so that the size limit
 * runs before anything, the CSRF check included, reads the body.
 */
export function createWorkspacePhotosApi(
  dependencies: AppDependencies,
  accounts: AccountServices,
  maxBytes = MAX_PHOTO_BYTES,
): OpenAPIHono<WorkspaceEnv> {
  const api = new OpenAPIHono<WorkspaceEnv>({
    defaultHook: validationHook,
  });
  const { db } = accounts;
  for (const path of ["/workspace/projects/:id/photos", "/workspace/projects/:id/photos/*"]) {
    api.use(path, authenticate(accounts), requireSignIn);
  }
  api.post(
    "/workspace/projects/:id/photos",
    bodyLimit({
      // Room for the multipart headers and the caption around the file.
      maxSize: maxBytes + 64 * 1024,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          413,
          `The photo is larger than the limit of ${maxBytes} bytes.`,
          [{ path: "file", message: `larger than the limit of ${maxBytes} bytes` }],
        );
      },
    }),
  );
  for (const path of ["/workspace/projects/:id/photos", "/workspace/projects/:id/photos/*"]) {
    api.use(path, requireCsrf);
  }

  api.openapi(
    createRoute({
      method: "post",
      path: "/workspace/projects/{id}/photos",
      summary: "Upload a site photo",
      description:
        "Stores a JPEG, PNG or WebP photo (recognised by its first bytes, not its name) with its EXIF time and GPS position. A position far from the project's locations is flagged as outside_area, and such a photo is never published. Uploading the same file again returns the stored photo with 200. Allowed for every member of the project.",
      ...secured,
      middleware: [requirePermission(accounts, "photo.upload", projectIdOf)],
      request: {
        params: idParameter("Project id."),
        body: {
          content: {
            "multipart/form-data": {
              schema: z.object({
                file: z.any().openapi({ type: "string", format: "binary" }),
                caption: z.string().optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: "The same file was already stored.",
          content: { "application/json": { schema: photoSchema } },
        },
        201: {
          description: "The stored photo.",
          content: { "application/json": { schema: photoSchema } },
        },
        400: errorResponse("The file is missing, empty or not a photo, or the caption is bad."),
        404: errorResponse("No such project."),
        413: errorResponse("The file is larger than the limit."),
        ...denied,
      },
    }),
    async (context) => {
      const projectId = context.req.valid("param").id;
      const body = await context.req.parseBody();
      const file = body.file;
      if (!(file instanceof File)) {
        throw errors.invalidInput([{ path: "file", message: "is missing" }]);
      }
      const caption = typeof body.caption === "string" ? body.caption : undefined;
      const { photo, created } = await uploadPhoto(
        db,
        dependencies.fileStore,
        projectId,
        { bytes: new Uint8Array(await file.arrayBuffer()), caption },
        {
          userId: context.get("principal")!.userId,
          clientAddress: clientAddress(context),
          now: accounts.clock(),
        },
      );
      return context.json(serialisePhoto(photo), created ? 201 : 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/photos",
      summary: "List site photos",
      description: "Newest upload first. Allowed for members and oversight roles.",
      ...secured,
      middleware: [requirePermission(accounts, "document.view", projectIdOf)],
      request: { params: idParameter("Project id.") },
      responses: {
        200: {
          description: "The project's photos.",
          content: { "application/json": { schema: z.array(photoSchema) } },
        },
        404: errorResponse("No such project."),
        ...denied,
      },
    }),
    async (context) => {
      const photos = await listPhotos(db, context.req.valid("param").id);
      return context.json(photos.map(serialisePhoto), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/workspace/projects/{id}/photos/{photoId}",
      summary: "Read a site photo's record",
      ...secured,
      middleware: [requirePermission(accounts, "document.view", projectIdOf)],
      request: { params: photoParameters },
      responses: {
        200: {
          description: "The photo.",
          content: { "application/json": { schema: photoSchema } },
        },
        404: errorResponse("No such project or photo."),
        ...denied,
      },
    }),
    async (context) => {
      const { id, photoId } = context.req.valid("param");
      const photo = await findPhoto(db, id, { id: photoId });
      if (!photo) throw errors.notFound(`Photo ${photoId}`);
      return context.json(serialisePhoto(photo), 200);
    },
  );

  return api;
}
