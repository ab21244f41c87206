import type { ReportStatus } from "../db/types-schedule-reports.js";
import type { Problem } from "../http/errors.js";
import { scheduleReportMessages } from "../i18n/schedule-reports.js";
import { statusLabel } from "../reports/pages.js";
import { CsrfField, ErrorSummary } from "../workspace/pages/frame.js";
import {
  FileField,
  formatBytes,
  formatInstant,
  positionLabel,
  SiteFrame,
  sitePath,
  TextArea,
  type SitePage,
} from "../workspace/pages/site-page.js";
import { MAX_PHOTO_BYTES, type Photo } from "./photos.js";

/** A daily report that references a photo. */
export interface ReportLink {
  id: number;
  date: string;
  status: ReportStatus;
}

/** A photo as the gallery shows it: the photo, its uploader and the reports that use it. */
export interface GalleryPhoto {
  photo: Photo;
  uploadedBy: string;
  reports: ReportLink[];
}

/** Renders a project's site photos: the upload form for a phone at the site, then the gallery. */
export function PhotoGalleryPage(props: {
  page: SitePage;
  photos: GalleryPhoto[];
  canUpload: boolean;
  maxFiles: number;
  maxTotalBytes: number;
  uploaded: number | undefined;
  values: Record<string, string>;
  problems: Problem[];
}) {
  const { page, photos, values, problems } = props;
  const { s } = page;
  const r = scheduleReportMessages(page.t.language);
  return (
    <SiteFrame page={page} title={s.photos}>
      <h1>{s.photos}</h1>
      {props.uploaded !== undefined ? (
        <p class="saved" role="status">
          {s.uploaded.replace("{count}", String(props.uploaded))}
        </p>
      ) : null}
      {props.canUpload ? (
        <form
          method="post"
          action={sitePath(page, "/photos")}
          enctype="multipart/form-data"
          class="form"
          novalidate
        >
          <h2>{s.uploadPhotos}</h2>
          <ErrorSummary
            problems={problems}
            w={page.w}
            labels={{ file: s.photoFiles, caption: s.caption }}
          />
          <CsrfField token={page.csrfToken} />
          <FileField
            name="file"
            label={s.photoFiles}
            hint={s.photoFilesHint
              .replace("{size}", formatBytes(MAX_PHOTO_BYTES))
              .replace("{total}", formatBytes(props.maxTotalBytes))
              .replace("{count}", String(props.maxFiles))}
            accept="image/*"
            capture="environment"
            multiple
            problems={problems}
          />
          <TextArea
            name="caption"
            label={s.caption}
            value={values.caption}
            problems={problems}
            rows={2}
          />
          <div class="actions">
            <button type="submit">{s.upload}</button>
          </div>
        </form>
      ) : null}
      {photos.length === 0 ? (
        <p>{s.noPhotos}</p>
      ) : (
        <ul class="photos gallery">
          {photos.map(({ photo, uploadedBy, reports }) => {
            const image = sitePath(page, `/photos/${photo.id}/image`);
            return (
              <li>
                <figure>
                  <a href={image}>
                    <img
                      src={sitePath(page, `/photos/${photo.id}/thumbnail`)}
                      alt={photo.caption ?? `${s.photos} ${photo.id}`}
                      loading="lazy"
                    />
                  </a>
                  <figcaption>
                    {photo.caption ? <p class="photo-caption">{photo.caption}</p> : null}
                    <dl class="record-facts photo-facts">
                      <dt>{s.takenAt}</dt>
                      <dd class="photo-taken">
                        {photo.takenAt ? formatInstant(photo.takenAt) : s.noExifTime}
                      </dd>
                      <dt>{s.position}</dt>
                      <dd class={`photo-position position-${photo.positionCheck}`}>
                        {photo.latitude !== null && photo.longitude !== null
                          ? `${photo.latitude.toFixed(5)}, ${photo.longitude.toFixed(5)} · `
                          : ""}
                        {positionLabel(s, photo.positionCheck)}
                        {photo.distanceMetres !== null && photo.positionCheck === "outside_area"
                          ? ` (${s.distance.replace("{km}", (photo.distanceMetres / 1000).toFixed(1))})`
                          : ""}
                      </dd>
                      <dt>{s.uploadedBy}</dt>
                      <dd>{`${uploadedBy}, ${formatInstant(photo.uploadedAt)}`}</dd>
                      <dt>{s.reference}</dt>
                      <dd class="break">
                        <code class="photo-reference">{photo.sha256}</code>
                      </dd>
                      {reports.length > 0 ? (
                        <>
                          <dt>{s.inReports}</dt>
                          <dd>
                            {reports.map((report, index) => (
                              <>
                                {index > 0 ? ", " : ""}
                                <a href={sitePath(page, `/reports/${report.id}`)}>
                                  {`${report.date} (${statusLabel(r, report.status)})`}
                                </a>
                              </>
                            ))}
                          </dd>
                        </>
                      ) : null}
                    </dl>
                  </figcaption>
                </figure>
              </li>
            );
          })}
        </ul>
      )}
      {photos.length > 0 ? <p class="hint">{s.referenceHint}</p> : null}
    </SiteFrame>
  );
}
