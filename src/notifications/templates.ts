/**
 * The texts of notifications in English, Spanish and Korean. Parameters are amounts, ids and
 * dates only, so a stored message holds no more personal data than its recipient.
 */
import { fillTemplate, type Language } from "../i18n/index.js";

/** Every notification the outbox can carry, by template key. */
export const TEMPLATE_KEYS = [
  "claim_submitted",
  "approval_requested",
  "claim_approved",
  "share_approved",
  "deposit_received",
  "payment_settled",
  "share_held",
  "share_released",
  "waiting_digest",
] as const;

export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** A rendered message: the subject is used by e-mail only. */
export interface RenderedMessage {
  subject: string;
  body: string;
}

type Texts = Record<TemplateKey, { subject: string; body: string }>;

const EN: Texts = {
  claim_submitted: {
    subject: "Progress payment claimed on {projectId}",
    body: "Claim {claimId} on project {projectId} for {periodStart} to {periodEnd}: {amount} net.",
  },
  approval_requested: {
    subject: "Split of claim {claimId} awaits approval",
    body: "The split of claim {claimId} on project {projectId} ({amount}) is registered and awaits your approval.",
  },
  claim_approved: {
    subject: "Claim {claimId} approved",
    body: "The split of claim {claimId} on project {projectId} ({amount}) was approved.",
  },
  share_approved: {
    subject: "Your payment was approved",
    body: "Project {projectId}, claim {claimId}: your share of {amount} was approved and will be paid to your account.",
  },
  deposit_received: {
    subject: "Deposit received on {projectId}",
    body: "The agency deposited {amount} for project {projectId} (reference {reference}).",
  },
  payment_settled: {
    subject: "Payment received",
    body: "Project {projectId}: {amount} was paid into your account.",
  },
  share_held: {
    subject: "Your payment is on hold",
    body: "Project {projectId}: your share of {amount} is on hold. Reason: {reason}.",
  },
  share_released: {
    subject: "Your payment was released",
    body: "Project {projectId}: your share of {amount} is no longer on hold and will be paid.",
  },
  waiting_digest: {
    subject: "Waiting for you in the workspace: {count}",
    body: "Waiting for your action: {count} in {projects} projects, {overdue} of them overdue. See them at {workspaceUrl}",
  },
};

const ES: Texts = {
  claim_submitted: {
    subject: "Pago de avance reclamado en {projectId}",
    body: "Reclamo {claimId} del proyecto {projectId}, del {periodStart} al {periodEnd}: {amount} neto.",
  },
  approval_requested: {
    subject: "El reparto del reclamo {claimId} espera aprobación",
    body: "El reparto del reclamo {claimId} del proyecto {projectId} ({amount}) está registrado y espera su aprobación.",
  },
  claim_approved: {
    subject: "Reclamo {claimId} aprobado",
    body: "Se aprobó el reparto del reclamo {claimId} del proyecto {projectId} ({amount}).",
  },
  share_approved: {
    subject: "Su pago fue aprobado",
    body: "Proyecto {projectId}, reclamo {claimId}: se aprobó su parte de {amount}, que se pagará en su cuenta.",
  },
  deposit_received: {
    subject: "Depósito recibido en {projectId}",
    body: "La entidad depositó {amount} para el proyecto {projectId} (referencia {reference}).",
  },
  payment_settled: {
    subject: "Pago recibido",
    body: "Proyecto {projectId}: se pagaron {amount} en su cuenta.",
  },
  share_held: {
    subject: "Su pago está retenido",
    body: "Proyecto {projectId}: su parte de {amount} está retenida. Motivo: {reason}.",
  },
  share_released: {
    subject: "Su pago fue liberado",
    body: "Proyecto {projectId}: su parte de {amount} ya no está retenida y se pagará.",
  },
  waiting_digest: {
    subject: "Pendientes en el espacio de trabajo: {count}",
    body: "Pendientes de su acción: {count} en {projects} proyectos, {overdue} de ellos vencidos. Véalos en {workspaceUrl}",
  },
};

const KO: Texts = {
  claim_submitted: {
    subject: "{projectId} 기성 청구",
    body: "공사 {projectId}의 청구 {claimId} ({periodStart}~{periodEnd}): 순액 {amount}.",
  },
  approval_requested: {
    subject: "청구 {claimId} 대금 배분 승인 요청",
    body: "공사 {projectId}의 청구 {claimId} 대금 배분({amount})이 등록되어 승인을 기다립니다.",
  },
  claim_approved: {
    subject: "청구 {claimId} 승인",
    body: "공사 {projectId}의 청구 {claimId} 대금 배분({amount})이 승인되었습니다.",
  },
  share_approved: {
    subject: "대금 지급 승인",
    body: "공사 {projectId}, 청구 {claimId}: 귀하의 몫 {amount}이 승인되어 계좌로 지급됩니다.",
  },
  deposit_received: {
    subject: "{projectId} 대금 입금",
    body: "발주기관이 공사 {projectId}에 {amount}을 입금했습니다 (참조 {reference}).",
  },
  payment_settled: {
    subject: "대금 입금 완료",
    body: "공사 {projectId}: {amount}이 귀하의 계좌로 입금되었습니다.",
  },
  share_held: {
    subject: "대금 지급 보류",
    body: "공사 {projectId}: 귀하의 몫 {amount}의 지급이 보류되었습니다. 사유: {reason}.",
  },
  share_released: {
    subject: "대금 지급 보류 해제",
    body: "공사 {projectId}: 귀하의 몫 {amount}의 보류가 해제되어 지급됩니다.",
  },
  waiting_digest: {
    subject: "업무공간에서 처리할 일 {count}건",
    body: "{projects}개 공사에서 {count}건이 처리를 기다리고 있으며, 그중 {overdue}건은 기한이 지났습니다. 확인: {workspaceUrl}",
  },
};

const TEXTS: Record<Language, Texts> = { en: EN, es: ES, ko: KO };

/** Returns true when `key` names a template. */
export function isTemplateKey(key: string): key is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(key);
}

/** Renders a template in a language; a parameter the template names but lacks stays as {name}. */
export function renderTemplate(
  key: TemplateKey,
  language: Language,
  parameters: Record<string, string>,
): RenderedMessage {
  const text = TEXTS[language][key];
  return {
    subject: fillTemplate(text.subject, parameters),
    body: fillTemplate(text.body, parameters),
  };
}

/** The SMS text of a self-check code, which never goes through the outbox. */
export function renderSelfcheckCode(language: Language, code: string, minutes: number): string {
  const texts: Record<Language, string> = {
    en: "Clean Construction payment check code: {code}. It expires in {minutes} minutes.",
    es: "Código de consulta de pagos de Clean Construction: {code}. Vence en {minutes} minutos.",
    ko: "클린공사 대금 확인 인증번호: {code}. {minutes}분 후 만료됩니다.",
  };
  return fillTemplate(texts[language], { code, minutes });
}
