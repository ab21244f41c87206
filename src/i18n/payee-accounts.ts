import type { Language } from "./index.js";

/** Labels of the workspace page where payees register their own bank accounts. */
const en = {
  title: "Bank accounts",
  intro:
    "Register or replace the bank account of your own contract or of your workers. The bank checks each new account before the first payment; until it is verified, the payee's shares are held. A payment already made keeps its account.",
  yourPayees: "Your payees",
  noPayees: "You act for no payee of this project.",
  payee: "Payee",
  contract: "Contract",
  worker: "Worker",
  account: "Account",
  status: "Status",
  none: "none",
  statusUnverified: "Waiting for the bank's check",
  statusVerified: "Verified by the bank",
  statusRejected: "Rejected by the bank",
  registerTitle: "Register or replace an account",
  holderName: "Account holder",
  scheme: "Kind of account number",
  schemeOther: "Domestic account number",
  schemeIban: "IBAN",
  identifier: "Account number",
  agentId: "Bank code or BIC",
  agentIdHint: "Leave empty when the bank does not need it.",
  save: "Register the account",
  saved: "The account is registered.",
  choosePayee: "Choose a payee",
  payeeMissing: "choose one of your payees",
};

/** Labels of a language. */
export type PayeeAccountMessages = typeof en;

const es: PayeeAccountMessages = {
  title: "Cuentas bancarias",
  intro:
    "Registre o cambie la cuenta bancaria de su propio contrato o de sus trabajadores. El banco comprueba cada cuenta nueva antes del primer pago; hasta que la verifique, las partes del beneficiario quedan retenidas. Un pago ya hecho conserva su cuenta.",
  yourPayees: "Sus beneficiarios",
  noPayees: "No actúa por ningún beneficiario de este proyecto.",
  payee: "Beneficiario",
  contract: "Contrato",
  worker: "Trabajador",
  account: "Cuenta",
  status: "Estado",
  none: "ninguna",
  statusUnverified: "A la espera de la comprobación del banco",
  statusVerified: "Verificada por el banco",
  statusRejected: "Rechazada por el banco",
  registerTitle: "Registrar o cambiar una cuenta",
  holderName: "Titular de la cuenta",
  scheme: "Tipo de número de cuenta",
  schemeOther: "Número de cuenta nacional",
  schemeIban: "IBAN",
  identifier: "Número de cuenta",
  agentId: "Código del banco o BIC",
  agentIdHint: "Déjelo vacío cuando el banco no lo necesite.",
  save: "Registrar la cuenta",
  saved: "La cuenta está registrada.",
  choosePayee: "Elija un beneficiario",
  payeeMissing: "elija uno de sus beneficiarios",
};

const ko: PayeeAccountMessages = {
  title: "계좌",
  intro:
    "자기 계약 또는 소속 근로자의 계좌를 등록하거나 변경합니다. 은행이 새 계좌를 첫 지급 전에 확인하며, 확인될 때까지 수령인의 지급분은 보류됩니다. 이미 이루어진 지급은 기존 계좌를 유지합니다.",
  yourPayees: "내 수령인",
  noPayees: "이 사업에서 대리하는 수령인이 없습니다.",
  payee: "수령인",
  contract: "계약",
  worker: "근로자",
  account: "계좌",
  status: "상태",
  none: "없음",
  statusUnverified: "은행 확인 대기 중",
  statusVerified: "은행 확인 완료",
  statusRejected: "은행이 거절함",
  registerTitle: "계좌 등록 또는 변경",
  holderName: "예금주",
  scheme: "계좌번호 종류",
  schemeOther: "국내 계좌번호",
  schemeIban: "IBAN",
  identifier: "계좌번호",
  agentId: "은행 코드 또는 BIC",
  agentIdHint: "은행이 요구하지 않으면 비워 두십시오.",
  save: "계좌 등록",
  saved: "계좌가 등록되었습니다.",
  choosePayee: "수령인을 선택하십시오",
  payeeMissing: "내 수령인 중 하나를 선택하십시오",
};

const DICTIONARIES: Record<Language, PayeeAccountMessages> = { en, es, ko };

/** Returns the bank account page labels of a language. */
export function payeeAccountMessages(language: Language): PayeeAccountMessages {
  return DICTIONARIES[language];
}
