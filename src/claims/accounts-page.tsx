/**
 * The workspace page where a payee's own side registers or replaces its bank accounts
 * (/workspace/projects/:id/bank-accounts): the caller's own contracts and workers with their
 * current accounts, and one form. Account numbers appear here only to the payee's own side.
 */
import type { Hono } from "hono";
import type { WorkspaceEnv } from "../accounts/middleware.js";
import type { Problem } from "../http/errors.js";
import { payeeAccountMessages, type PayeeAccountMessages } from "../i18n/payee-accounts.js";
import { CsrfField, ErrorSummary, Field } from "../workspace/pages/frame.js";
import { SelectField, SiteFrame, sitePath, type SitePage } from "../workspace/pages/site-page.js";
import type { SiteContext, SiteTools } from "../workspace/site-routes.js";
import { SimulatedBank } from "../payments/banks/simulated.js";
import { emitHoldEvents } from "./compliance.js";
import { ownsContract, ownsWorker, type PayeeActor } from "./payee-access.js";
import { getPayeeAccount, registerPayeeAccount, type PayeeAccountView } from "./payee-accounts.js";
import { claimTables, type ClaimsDb } from "./tables.js";

/** One payee the caller acts for, with its current account. */
interface OwnPayee {
  /** "contract:<id>" or "worker:<reference>", the form's value. */
  value: string;
  label: string;
  account: PayeeAccountView | null;
}

/** Lists the contracts and workers of the project that the actor acts for. */
async function listOwnPayees(
  db: ClaimsDb,
  projectId: string,
  actor: PayeeActor,
  m: PayeeAccountMessages,
): Promise<OwnPayee[]> {
  const payees: OwnPayee[] = [];
  const contracts = await db
    .selectFrom("payment_contracts")
    .select(["id", "kind", "organisation_id", "party_name"])
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();
  for (const contract of contracts.filter((row) => ownsContract(actor, row))) {
    payees.push({
      value: `contract:${contract.id}`,
      label: `${m.contract} ${contract.id}: ${contract.party_name}`,
      account: await getPayeeAccount(db, projectId, { contractId: contract.id }, actor),
    });
  }
  const workers = await db
    .selectFrom("payment_workers")
    .select(["id", "reference"])
    .where("project_id", "=", projectId)
    .orderBy("reference")
    .execute();
  for (const worker of workers) {
    if (!(await ownsWorker(db, actor, worker.id))) continue;
    payees.push({
      value: `worker:${worker.reference}`,
      label: `${m.worker} ${worker.reference}`,
      account: await getPayeeAccount(db, projectId, { workerReference: worker.reference }, actor),
    });
  }
  return payees;
}

function statusLabel(m: PayeeAccountMessages, account: PayeeAccountView): string {
  const labels = {
    unverified: m.statusUnverified,
    verified: m.statusVerified,
    rejected: m.statusRejected,
  };
  return account.statusReason
    ? `${labels[account.status]}: ${account.statusReason}`
    : labels[account.status];
}

/** Renders the caller's payees with their accounts, and the form. */
export function PayeeAccountsPage(props: {
  page: SitePage;
  payees: OwnPayee[];
  values: Record<string, string>;
  problems: Problem[];
  saved: boolean;
}) {
  const { page, payees, values, problems } = props;
  const m = payeeAccountMessages(page.t.language);
  const labels = {
    payee: m.payee,
    holderName: m.holderName,
    scheme: m.scheme,
    identifier: m.identifier,
    agentId: m.agentId,
  };
  return (
    <SiteFrame page={page} title={m.title}>
      <h1>{m.title}</h1>
      <p>{m.intro}</p>
      {props.saved ? (
        <p class="notice" role="status">
          {m.saved}
        </p>
      ) : null}
      <h2>{m.yourPayees}</h2>
      {payees.length === 0 ? (
        <p>{m.noPayees}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{m.payee}</th>
              <th scope="col">{m.account}</th>
              <th scope="col">{m.status}</th>
            </tr>
          </thead>
          <tbody>
            {payees.map((payee) => (
              <tr>
                <td>{payee.label}</td>
                <td>
                  {payee.account
                    ? `${payee.account.holderName ?? ""} ${payee.account.identifier}`.trim()
                    : m.none}
                </td>
                <td>{payee.account ? statusLabel(m, payee.account) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {payees.length > 0 ? (
        <form method="post" action={sitePath(page, "/bank-accounts")} class="form" novalidate>
          <h2>{m.registerTitle}</h2>
          <ErrorSummary problems={problems} w={page.w} labels={labels} />
          <CsrfField token={page.csrfToken} />
          <SelectField
            name="payee"
            label={m.payee}
            value={values.payee}
            options={[
              ["", m.choosePayee],
              ...payees.map((payee): [string, string] => [payee.value, payee.label]),
            ]}
            problems={problems}
          />
          <Field
            name="holderName"
            label={m.holderName}
            value={values.holderName}
            problems={problems}
            autocomplete="off"
          />
          <SelectField
            name="scheme"
            label={m.scheme}
            value={values.scheme ?? "other"}
            options={[
              ["other", m.schemeOther],
              ["iban", m.schemeIban],
            ]}
            problems={problems}
          />
          <Field
            name="identifier"
            label={m.identifier}
            value={values.identifier}
            problems={problems}
            autocomplete="off"
          />
          <Field
            name="agentId"
            label={m.agentId}
            hint={m.agentIdHint}
            value={values.agentId}
            problems={problems}
            autocomplete="off"
          />
          <button type="submit">{m.save}</button>
        </form>
      ) : null}
    </SiteFrame>
  );
}

/** Adds the bank account page and its form to the project router. */
export function addPayeeAccountPages(router: Hono<WorkspaceEnv>, tools: SiteTools): void {
  const db = claimTables(tools.accounts.db);
  // The server passes its configured bank, as the API router gets it. Tests that pass none
  // check accounts with a simulated bank, which accepts every well-formed account.
  const bank = tools.dependencies.bank ?? new SimulatedBank();
  const actorOf = (context: SiteContext): PayeeActor => ({
    userId: context.get("principal")!.userId,
    organisationId: context.get("principal")!.organisationId,
    roles: context.get("projectAccess")?.roles ?? [],
  });
  const show = async (
    context: SiteContext,
    values: Record<string, string>,
    problems: Problem[],
    status: 200 | 400 | 403 = 200,
  ) => {
    const page = await tools.pageOf(context);
    const m = payeeAccountMessages(page.t.language);
    const payees = await listOwnPayees(db, tools.projectIdOf(context), actorOf(context), m);
    const saved = context.req.query("saved") === "1" && problems.length === 0;
    return context.html(
      <PayeeAccountsPage
        page={page}
        payees={payees}
        values={values}
        problems={problems}
        saved={saved}
      />,
      status,
    );
  };

  router.get("/:id/bank-accounts", tools.read("payment.view"), (context) => show(context, {}, []));

  router.post("/:id/bank-accounts", tools.post("payment.account.register"), async (context) => {
    const values = await tools.formOf(context);
    const [kind, ...rest] = (values.payee ?? "").split(":");
    const key = rest.join(":");
    const payee =
      kind === "contract" && /^\d+$/.test(key)
        ? { contractId: Number(key) }
        : kind === "worker" && key !== ""
          ? { workerReference: key }
          : null;
    if (!payee) {
      const m = payeeAccountMessages((await tools.pageOf(context)).t.language);
      return show(context, values, [{ path: "payee", message: m.payeeMissing }], 400);
    }
    try {
      const result = await registerPayeeAccount(
        db,
        bank,
        tools.projectIdOf(context),
        payee,
        {
          holderName: values.holderName ?? "",
          scheme: values.scheme === "iban" ? "iban" : "other",
          identifier: values.identifier ?? "",
          agentId: values.agentId?.trim() ? values.agentId : null,
        },
        actorOf(context),
        tools.accounts.clock(),
      );
      emitHoldEvents("held", result.placed);
      emitHoldEvents("released", result.released);
    } catch (error) {
      const status = (error as { status?: number }).status === 403 ? 403 : 400;
      const problems =
        status === 403
          ? [{ path: "payee", message: (error as Error).message }]
          : tools.inputProblems(error);
      return show(context, values, problems, status);
    }
    return tools.redirectTo(context, "/bank-accounts?saved=1");
  });
}
