import type { ContractPayments, PaymentTally } from "../claims/public-view.js";
import { directPaymentMessages, type DirectPaymentMessages } from "../i18n/direct-payments.js";
import type { Translator } from "../i18n/index.js";
import type { Formatter } from "./format.js";
import type { ProjectView } from "./project-view.js";

const KIND_LABEL: Record<ContractPayments["kind"], keyof DirectPaymentMessages> = {
  prime: "kindPrime",
  subcontract: "kindSubcontract",
  supply: "kindSupply",
};

function TallyCells(props: { tally: PaymentTally; currency: string; format: Formatter }) {
  const { tally, currency, format } = props;
  return (
    <>
      <td class="number">{format.money(tally.approved, currency)}</td>
      <td class="number">{format.money(tally.paid, currency)}</td>
      <td class="number">{String(tally.sharesOnTime)}</td>
      <td class="number">{String(tally.sharesLate)}</td>
      <td class="number">{String(tally.sharesOverdue)}</td>
    </>
  );
}

/**
 * Direct payments per contract, with workers as one row, shown only for a project whose
 * payments run through the workspace.
 */
export function DirectPaymentsSection(props: {
  view: ProjectView;
  t: Translator;
  format: Formatter;
}) {
  const payments = props.view.directPayments;
  if (!payments) return null;
  const { format } = props;
  const d = directPaymentMessages(props.t.language);
  const { currency } = payments;
  const total = Object.values(payments.totals).reduce<PaymentTally>(
    (sum, tally) => ({
      approved: sum.approved + tally.approved,
      paid: sum.paid + tally.paid,
      sharesOnTime: sum.sharesOnTime + tally.sharesOnTime,
      sharesLate: sum.sharesLate + tally.sharesLate,
      sharesOverdue: sum.sharesOverdue + tally.sharesOverdue,
    }),
    { approved: 0, paid: 0, sharesOnTime: 0, sharesLate: 0, sharesOverdue: 0 },
  );
  return (
    <section aria-labelledby="direct-payments">
      <h2 id="direct-payments">{d.heading}</h2>
      <p>{d.intro}</p>
      <div class="table-scroll">
        <table>
          <caption>{d.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{d.contract}</th>
              <th scope="col">{d.party}</th>
              <th scope="col" class="number">
                {d.approved}
              </th>
              <th scope="col" class="number">
                {d.paid}
              </th>
              <th scope="col" class="number">
                {d.onTime}
              </th>
              <th scope="col" class="number">
                {d.late}
              </th>
              <th scope="col" class="number">
                {d.overdue}
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.contracts.map((contract) => (
              <tr>
                <th scope="row">{d[KIND_LABEL[contract.kind]]}</th>
                <td>{contract.partyName}</td>
                <TallyCells tally={contract} currency={currency} format={format} />
              </tr>
            ))}
            <tr>
              <th scope="row">{d.workers}</th>
              <td>{d.workerCount.replace("{count}", String(payments.workers.headcount))}</td>
              <TallyCells tally={payments.workers} currency={currency} format={format} />
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={2}>
                {d.total}
              </th>
              <TallyCells tally={total} currency={currency} format={format} />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
