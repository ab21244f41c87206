import type { JsonObject } from "../import/types.js";
import { isoDate, startDateTime } from "./dates.js";
import { bilingual, money, period, reference } from "./oc4ids.js";
import { actualPercent, reportingDays } from "./progress.js";
import type { Random } from "./random.js";
import type { PlannedModification, ProjectPlan } from "./plan.js";

const METHOD_DETAILS = {
  open: "일반경쟁입찰 / Open competitive tender",
  limited: "제한경쟁입찰 / Restricted competitive tender",
  direct: "수의계약 / Direct contract (small value)",
} as const;

/**
 * Builds the OC4IDS contracting processes of a project: the construction contract and, once
 * signed, the supervision contract with the construction management firm.
 *
 * Returns an empty list for a project that never reached a tender.
 */
export function buildContractingProcesses(
  plan: ProjectPlan,
  random: Random,
  today: number,
): JsonObject[] {
  if (!plan.tender) return [];
  const construction = buildConstructionProcess(plan, random, today);
  if (!plan.contract) return [construction];
  return [construction, buildSupervisionProcess(plan, random, today)];
}

function processStatus(plan: ProjectPlan): "pre-award" | "active" | "closed" {
  if (plan.status === "preparation") return "pre-award";
  if (plan.status === "implementation") return "active";
  return "closed";
}

function buildConstructionProcess(plan: ProjectPlan, random: Random, today: number): JsonObject {
  const tender = plan.tender;
  if (!tender) throw new Error(`project ${plan.id} has no tender`);
  const id = `${plan.id}-construction`;
  const title = plan.template.title(plan.district);
  const year = isoDate(tender.day).slice(0, 4);

  const summary: JsonObject = {
    externalReference: `${year}-${plan.district.code.toUpperCase()}-${plan.id.slice(-4)}`,
    nature: ["construction"],
    title: bilingual({ ko: `${title.ko} 공사`, en: `${title.en} works` }),
    status: processStatus(plan),
    tender: {
      procurementMethod: tender.method,
      procurementMethodDetails: METHOD_DETAILS[tender.method],
      datePublished: startDateTime(tender.day),
      costEstimate: money(tender.costEstimate),
      numberOfTenderers: tender.tenderers,
      procuringEntity: reference(plan.agency),
      ...(plan.contract ? { administrativeEntity: reference(plan.contract.supervisor) } : {}),
    },
  };

  if (plan.status === "cancelled") {
    summary.description = bilingual({
      ko: "유효한 입찰이 없어 유찰되었고 사업이 취소되었습니다.",
      en: "The tender received no valid bid and the project was cancelled.",
    });
  }

  const contract = plan.contract;
  if (!contract) return { id, summary };

  const { schedule } = contract;
  const finalValue = valueOn(contract.value, contract.modifications, Number.POSITIVE_INFINITY);
  summary.suppliers = [reference(contract.contractor)];
  summary.contractValue = money(contract.value);
  summary.contractPeriod = period(schedule.start, schedule.plannedEnd);
  if (summary.status === "closed") summary.finalValue = money(finalValue);
  if (contract.modifications.length > 0) {
    summary.modifications = contract.modifications.map((modification, index) =>
      buildModification(`${id}-m${index + 1}`, modification, schedule.start),
    );
  }

  const payments = progressPayments(plan, random, today);
  if (payments.length > 0) {
    summary.transactions = payments.map((payment, index) => ({
      id: `${id}-p${String(index + 1).padStart(2, "0")}`,
      date: startDateTime(payment.day),
      value: money(payment.amount),
      payer: reference(plan.agency),
      payee: reference(contract.contractor),
    }));
  }
  return { id, summary };
}

function buildModification(
  id: string,
  modification: PlannedModification,
  start: number,
): JsonObject {
  const entry: JsonObject = {
    id,
    date: startDateTime(modification.day),
    type: modification.type,
    rationale: bilingual(modification.rationale),
  };
  if (modification.oldEnd !== undefined && modification.newEnd !== undefined) {
    const days = modification.newEnd - modification.oldEnd;
    entry.description = bilingual({
      ko: `공사 기간 ${days}일 연장`,
      en: `Time extension of ${days} days`,
    });
    entry.oldContractPeriod = period(start, modification.oldEnd);
    entry.newContractPeriod = period(start, modification.newEnd);
  }
  if (modification.oldValue !== undefined && modification.newValue !== undefined) {
    const change = modification.newValue - modification.oldValue;
    const sign = change >= 0 ? "+" : "−";
    const won = Math.abs(change).toLocaleString("en-US");
    entry.description = bilingual({
      ko: `계약 금액 변경 (${sign}${won}원)`,
      en: `Contract value change (${sign}KRW ${won})`,
    });
    entry.oldContractValue = money(modification.oldValue);
    entry.newContractValue = money(modification.newValue);
  }
  return entry;
}

/** Returns the contract value in force on `day`, after every value or scope change made by then. */
export function valueOn(
  initial: number,
  modifications: PlannedModification[],
  day: number,
): number {
  let value = initial;
  for (const modification of modifications) {
    if (modification.day <= day && modification.newValue !== undefined)
      value = modification.newValue;
  }
  return value;
}

/**
 * Schedules progress payments: every second month the contractor is paid the share of the
 * contract value that matches the physical progress, less what it has already been paid.
 * The final payment brings the total to the final contract value. Payments fall 10 to 25
 * days after the month they cover and none lies after `today`.
 */
export function progressPayments(
  plan: ProjectPlan,
  random: Random,
  today: number,
): { day: number; amount: number }[] {
  const contract = plan.contract;
  if (!contract) return [];
  const { schedule } = contract;

  const payments: { day: number; amount: number }[] = [];
  let paid = 0;
  const days = reportingDays(schedule.start, schedule.actualEnd);
  days.forEach((day, index) => {
    const percent = actualPercent(schedule, day);
    const isFinal = percent >= 100;
    if (!isFinal && index % 2 === 0) return;

    const paymentDay = day + random.integer(10, 25);
    if (paymentDay > today) return;
    const value = valueOn(contract.value, contract.modifications, day);
    const due = isFinal ? value : Math.round((value * percent) / 100 / 1000) * 1000;
    if (due <= paid) return;
    payments.push({ day: paymentDay, amount: due - paid });
    paid = due;
  });
  return payments;
}

function buildSupervisionProcess(plan: ProjectPlan, random: Random, today: number): JsonObject {
  const contract = plan.contract;
  if (!contract) throw new Error(`project ${plan.id} has no contract`);
  const { schedule, supervisor, supervisionValue } = contract;
  const id = `${plan.id}-supervision`;
  const title = plan.template.title(plan.district);
  const tenderDay = schedule.start - random.integer(60, 120);

  const summary: JsonObject = {
    nature: ["supervision"],
    title: bilingual({
      ko: `${title.ko} 건설사업관리 용역`,
      en: `${title.en}: construction management`,
    }),
    status: processStatus(plan),
    tender: {
      procurementMethod: "open",
      procurementMethodDetails: "적격심사 / Open tender with qualification review",
      datePublished: startDateTime(tenderDay),
      numberOfTenderers: random.integer(3, 12),
      procuringEntity: reference(plan.agency),
    },
    suppliers: [reference(supervisor)],
    contractValue: money(supervisionValue),
    contractPeriod: period(schedule.start, schedule.plannedEnd),
  };
  if (summary.status === "closed") summary.finalValue = money(supervisionValue);

  // Supervision is paid quarterly by elapsed time, in full once the works are finished.
  const transactions: JsonObject[] = [];
  let paid = 0;
  reportingDays(schedule.start, schedule.actualEnd).forEach((day, index, days) => {
    const isLast = index === days.length - 1;
    if (!isLast && index % 3 !== 2) return;
    const paymentDay = day + random.integer(10, 25);
    if (paymentDay > today) return;
    const share = Math.min(1, (day - schedule.start) / (schedule.actualEnd - schedule.start));
    const due = isLast ? supervisionValue : Math.round((supervisionValue * share) / 1000) * 1000;
    if (due <= paid) return;
    transactions.push({
      id: `${id}-p${String(transactions.length + 1).padStart(2, "0")}`,
      date: startDateTime(paymentDay),
      value: money(due - paid),
      payer: reference(plan.agency),
      payee: reference(supervisor),
    });
    paid = due;
  });
  if (transactions.length > 0) summary.transactions = transactions;

  if (contract.modifications.some((modification) => modification.type === "duration")) {
    const extension = contract.modifications.find(
      (modification) => modification.type === "duration",
    );
    if (extension?.oldEnd !== undefined && extension.newEnd !== undefined) {
      summary.modifications = [
        {
          id: `${id}-m1`,
          date: startDateTime(extension.day),
          type: "duration",
          description: bilingual({
            ko: "공사 기간 연장에 따른 용역 기간 연장",
            en: "Supervision extended with the works",
          }),
          rationale: bilingual(extension.rationale),
          oldContractPeriod: period(schedule.start, extension.oldEnd),
          newContractPeriod: period(schedule.start, extension.newEnd),
        },
      ];
    }
  }
  return { id, summary };
}
