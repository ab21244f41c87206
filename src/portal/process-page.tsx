import type { Formatter } from "./format.js";
import { Layout, type PageContext } from "./layout.js";
import { projectPath } from "./links.js";
import { ProgressChart } from "./progress-chart.js";
import { PaymentsSection, ProcessCard } from "./project-sections.js";
import type { ProcessPageView, ReleaseEntry } from "./process-view.js";
import type { Translator } from "../i18n/index.js";

/** Renders the public page of one contracting process: contracts, payments, progress, releases. */
export function ProcessPage(props: {
  page: PageContext;
  view: ProcessPageView;
  format: Formatter;
}) {
  const { page, view, format } = props;
  const { t } = page;
  const { project, process } = view;
  const language = project.project.language ?? undefined;
  const title = process.title ?? process.contracts[0]?.title ?? process.id;
  const payments = {
    ...project,
    transactions: project.transactions.filter((row) => row.process_id === process.id),
  };
  const progress = project.progress
    .filter((row) => row.process_id === process.id && row.kind === "physical")
    .map((row) => ({ basis: row.basis, observedOn: row.observed_on, percent: row.percent }));

  return (
    <Layout {...page} title={title}>
      <article>
        <p>
          <a href={projectPath(project.project.id)} lang={language}>
            {t.messages.processBack}: {project.project.title}
          </a>
        </p>
        <h1 lang={language}>{title}</h1>
        <ProcessCard process={process} t={t} format={format} language={project.project.language} />
        {progress.length > 0 ? (
          <section aria-labelledby="progress">
            <h2 id="progress">{t.messages.processProgress}</h2>
            <ProgressChart
              id="process-progress"
              heading={t.messages.progressPhysical}
              planned={progress.filter((row) => row.basis === "planned")}
              actual={progress.filter((row) => row.basis === "actual")}
              t={t}
              format={format}
            />
          </section>
        ) : null}
        <PaymentsSection view={payments} t={t} format={format} />
        <ReleasesSection releases={view.releases} t={t} format={format} />
      </article>
    </Layout>
  );
}

function ReleasesSection(props: { releases: ReleaseEntry[]; t: Translator; format: Formatter }) {
  const { releases, t, format } = props;
  return (
    <section aria-labelledby="releases">
      <h2 id="releases">{t.messages.releasesHeading}</h2>
      {releases.length === 0 ? (
        <p>{t.messages.releasesNone}</p>
      ) : (
        <>
          <p>{t.messages.releasesIntro}</p>
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.messages.releaseDate}</th>
                  <th scope="col">{t.messages.releaseId}</th>
                  <th scope="col">{t.messages.releaseTags}</th>
                </tr>
              </thead>
              <tbody>
                {releases.map((release) => (
                  <tr>
                    <td>{format.date(release.date)}</td>
                    <td>{release.releaseId}</td>
                    <td>
                      {[
                        ...release.tags,
                        ...(release.isCompiled ? [t.messages.releaseCompiled] : []),
                      ].join(", ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
