import type { Language } from "./index.js";

/** Labels of the "Direct payments" section of the public project page. */
const en = {
  heading: "Direct payments",
  intro:
    "The ordering agency pays each contractor, supplier and worker their share of every progress payment directly. Amounts are totals so far; workers are shown only together.",
  caption: "Approved and paid amounts by contract, and shares paid by their due date",
  contract: "Contract",
  party: "Paid to",
  approved: "Approved",
  paid: "Paid",
  onTime: "Paid on time",
  late: "Paid late",
  overdue: "Overdue, unpaid",
  total: "Total",
  workers: "Workers",
  workerCount: "{count} workers",
  kindPrime: "Prime contract",
  kindSubcontract: "Subcontract",
  kindSupply: "Supply agreement",
};

/** The direct payment labels in English; every other language matches it key for key. */
export type DirectPaymentMessages = typeof en;

const es: DirectPaymentMessages = {
  heading: "Pagos directos",
  intro:
    "La entidad contratante paga directamente a cada contratista, proveedor y trabajador su parte de cada pago de avance. Los importes son totales hasta la fecha; los trabajadores se muestran solo en conjunto.",
  caption: "Importes aprobados y pagados por contrato, y partes pagadas a su vencimiento",
  contract: "Contrato",
  party: "Pagado a",
  approved: "Aprobado",
  paid: "Pagado",
  onTime: "Pagadas a tiempo",
  late: "Pagadas con retraso",
  overdue: "Vencidas sin pagar",
  total: "Total",
  workers: "Trabajadores",
  workerCount: "{count} trabajadores",
  kindPrime: "Contrato principal",
  kindSubcontract: "Subcontrato",
  kindSupply: "Contrato de suministro",
};

const ko: DirectPaymentMessages = {
  heading: "직접 지급",
  intro:
    "발주기관이 각 기성금에서 시공사, 자재 공급사, 근로자에게 각자의 몫을 직접 지급합니다. 금액은 지금까지의 합계이며, 근로자는 합계로만 표시됩니다.",
  caption: "계약별 승인 및 지급 금액과 기한 내 지급 건수",
  contract: "계약",
  party: "수령자",
  approved: "승인액",
  paid: "지급액",
  onTime: "기한 내 지급",
  late: "지연 지급",
  overdue: "기한 경과 미지급",
  total: "합계",
  workers: "근로자",
  workerCount: "근로자 {count}명",
  kindPrime: "원도급 계약",
  kindSubcontract: "하도급 계약",
  kindSupply: "자재 공급 계약",
};

const DICTIONARIES: Record<Language, DirectPaymentMessages> = { en, es, ko };

/** Returns the direct payment labels of a language. */
export function directPaymentMessages(language: Language): DirectPaymentMessages {
  return DICTIONARIES[language];
}
