import { Layout, type PageContext } from "./layout.js";

/** The page for an unknown project or organisation, sent with status 404. */
export function NotFoundPage(props: { page: PageContext; message: string }) {
  const { page, message } = props;
  return (
    <Layout {...page} title={page.t.messages.notFoundTitle}>
      <h1>{page.t.messages.notFoundTitle}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{page.t.messages.notFoundBack}</a>
      </p>
    </Layout>
  );
}
