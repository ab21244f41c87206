import type { Language } from "./index.js";

/** Labels of the workspace page that shows retention and releases it. */
const en = {
  title: "Retention",
  intro:
    "Retention is held back from each paid claim in the project's retention account. After the final inspection is recorded, the agency official releases it to the prime contractor through the usual payment run.",
  retained: "Retained from paid claims",
  released: "Released",
  held: "Held now",
  finalInspection: "Final inspection",
  notInspected: "not recorded yet",
  releases: "Releases",
  share: "Share",
  amount: "Amount",
  paid: "Paid",
  inPayment: "In payment",
  releaseTitle: "Release the retention",
  executionDate: "Payment date",
  executionDateHint: "The date the bank should pay, YYYY-MM-DD.",
  release: "Release and pay",
  releasedNotice: "The retention release was sent to the bank.",
};

/** Labels of a language. */
export type RetentionMessages = typeof en;

const es: RetentionMessages = {
  title: "Retención",
  intro:
    "La retención se descuenta de cada certificación pagada y queda en la cuenta de retención del proyecto. Una vez registrada la inspección final, el funcionario de la entidad la libera al contratista principal con el pago habitual.",
  retained: "Retenido de certificaciones pagadas",
  released: "Liberado",
  held: "Retenido ahora",
  finalInspection: "Inspección final",
  notInspected: "aún no registrada",
  releases: "Liberaciones",
  share: "Parte",
  amount: "Importe",
  paid: "Pagado",
  inPayment: "En pago",
  releaseTitle: "Liberar la retención",
  executionDate: "Fecha de pago",
  executionDateHint: "La fecha en que el banco debe pagar, AAAA-MM-DD.",
  release: "Liberar y pagar",
  releasedNotice: "La liberación de la retención se envió al banco.",
};

const ko: RetentionMessages = {
  title: "유보금",
  intro:
    "유보금은 지급된 기성마다 공제되어 사업의 유보금 계정에 보관됩니다. 준공검사가 기록되면 발주기관 담당자가 통상의 지급 절차로 원도급사에 지급합니다.",
  retained: "지급된 기성에서 유보한 금액",
  released: "지급한 유보금",
  held: "현재 유보금",
  finalInspection: "준공검사",
  notInspected: "아직 기록되지 않음",
  releases: "유보금 지급",
  share: "지급분",
  amount: "금액",
  paid: "지급 완료",
  inPayment: "지급 중",
  releaseTitle: "유보금 지급",
  executionDate: "지급일",
  executionDateHint: "은행이 지급할 날짜 (YYYY-MM-DD).",
  release: "유보금 지급하기",
  releasedNotice: "유보금 지급을 은행에 보냈습니다.",
};

const DICTIONARIES: Record<Language, RetentionMessages> = { en, es, ko };

/** Returns the retention page labels of a language. */
export function retentionMessages(language: Language): RetentionMessages {
  return DICTIONARIES[language];
}
