import { WorkspaceFrame, type WorkspacePage } from "./frame.js";

/** A page that only says what went wrong, for refusals and missing records. */
export function MessagePage(props: { page: WorkspacePage; heading: string; message: string }) {
  const { page } = props;
  return (
    <WorkspaceFrame page={page} title={props.heading}>
      <h1>{props.heading}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/workspace">{page.w.backToWorkspace}</a>
      </p>
    </WorkspaceFrame>
  );
}
