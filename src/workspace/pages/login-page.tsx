import type { Problem } from "../../http/errors.js";
import { ErrorSummary, Field, WorkspaceFrame, type WorkspacePage } from "./frame.js";

/** Name of the form field and cookie that protect the sign-in form itself. */
export const LOGIN_CSRF_FIELD = "_login";

/** Renders the sign-in form; `problems` has the one error of a failed sign-in. */
export function LoginPage(props: {
  page: WorkspacePage;
  loginToken: string;
  email: string;
  next: string;
  problems: Problem[];
}) {
  const { page, problems } = props;
  const { w } = page;
  return (
    <WorkspaceFrame page={page} title={w.signIn}>
      <h1>{w.signInHeading}</h1>
      <p class="tagline">{w.signInIntro}</p>
      <ErrorSummary problems={problems} w={w} labels={{ email: w.email, password: w.password }} />
      <form method="post" action="/workspace/login" class="form">
        <input type="hidden" name={LOGIN_CSRF_FIELD} value={props.loginToken} />
        <input type="hidden" name="next" value={props.next} />
        <Field
          name="email"
          label={w.email}
          type="email"
          value={props.email}
          problems={problems}
          required
          autocomplete="username"
        />
        <Field
          name="password"
          label={w.password}
          type="password"
          problems={problems}
          required
          autocomplete="current-password"
        />
        <div class="actions">
          <button type="submit">{w.signIn}</button>
        </div>
      </form>
    </WorkspaceFrame>
  );
}
