import type { Language } from "../i18n/index.js";

/** The labels of the self-check pages. */
export interface SelfcheckLabels {
  title: string;
  intro: string;
  name: string;
  phone: string;
  sendCode: string;
  codeSent: string;
  code: string;
  showPayments: string;
  rateLimited: string;
  yourPayments: string;
  none: string;
  project: string;
  period: string;
  approved: string;
  paid: string;
  status: string;
  due: string;
  statuses: Record<"paid" | "in_payment" | "held" | "late" | "approved", string>;
}

export const SELFCHECK_LABELS: Record<Language, SelfcheckLabels> = {
  en: {
    title: "Check your payments",
    intro:
      "Workers, subcontractors and suppliers: enter your name (a company enters the name of " +
      "its contract) and the mobile number registered for you to receive a one-time code.",
    name: "Name",
    phone: "Mobile number",
    sendCode: "Send code",
    codeSent:
      "If the name and number match a registered payee, a code was sent by SMS. Enter it below.",
    code: "Code",
    showPayments: "Show my payments",
    rateLimited: "Too many requests. Wait an hour and try again.",
    yourPayments: "Your payments",
    none: "No payments are recorded for you yet.",
    project: "Project",
    period: "Period",
    approved: "Approved",
    paid: "Paid",
    status: "Status",
    due: "Due",
    statuses: {
      paid: "paid",
      in_payment: "in payment",
      held: "held",
      late: "late",
      approved: "approved",
    },
  },
  es: {
    title: "Consulte sus pagos",
    intro:
      "Trabajadores, subcontratistas y proveedores: ingrese su nombre (una empresa, el nombre " +
      "de su contrato) y el celular registrado para recibir un código.",
    name: "Nombre",
    phone: "Celular",
    sendCode: "Enviar código",
    codeSent:
      "Si el nombre y el número coinciden con un beneficiario registrado, se envió un código por SMS. Ingréselo abajo.",
    code: "Código",
    showPayments: "Ver mis pagos",
    rateLimited: "Demasiadas solicitudes. Espere una hora e intente de nuevo.",
    yourPayments: "Sus pagos",
    none: "Aún no hay pagos registrados a su nombre.",
    project: "Proyecto",
    period: "Periodo",
    approved: "Aprobado",
    paid: "Pagado",
    status: "Estado",
    due: "Vence",
    statuses: {
      paid: "pagado",
      in_payment: "en pago",
      held: "retenido",
      late: "atrasado",
      approved: "aprobado",
    },
  },
  ko: {
    title: "대금 수령 확인",
    intro:
      "근로자, 하도급 업체와 자재·장비 업체: 이름(업체는 계약서상 상호)과 등록된 휴대전화 " +
      "번호를 입력하면 인증번호를 보내 드립니다.",
    name: "이름",
    phone: "휴대전화 번호",
    sendCode: "인증번호 받기",
    codeSent: "등록된 수령인과 일치하면 인증번호가 문자로 발송되었습니다. 아래에 입력하세요.",
    code: "인증번호",
    showPayments: "내 대금 보기",
    rateLimited: "요청이 너무 많습니다. 한 시간 후에 다시 시도하세요.",
    yourPayments: "내 대금",
    none: "아직 기록된 대금이 없습니다.",
    project: "공사",
    period: "기간",
    approved: "승인액",
    paid: "지급액",
    status: "상태",
    due: "지급 기한",
    statuses: {
      paid: "지급 완료",
      in_payment: "지급 중",
      held: "보류",
      late: "지연",
      approved: "승인",
    },
  },
};
