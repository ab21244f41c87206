import type { Language } from "./index.js";

/** Labels of the "Penalties" section of the public project page. */
const en = {
  heading: "Penalties",
  intro:
    "Penalties the ordering agency imposed on a contractor of this project, after review by the supervisor.",
  against: "Imposed on",
  amount: "Amount",
  description: "What happened",
  reason: "Grounds",
  approved: "Approved on",
};

/** The penalty labels in English; every other language matches it key for key. */
export type PenaltyMessages = typeof en;

const es: PenaltyMessages = {
  heading: "Penalidades",
  intro:
    "Penalidades que la entidad contratante impuso a un contratista de este proyecto, tras la revisión del supervisor.",
  against: "Impuesta a",
  amount: "Importe",
  description: "Qué ocurrió",
  reason: "Fundamento",
  approved: "Aprobada el",
};

const ko: PenaltyMessages = {
  heading: "제재 및 지체상금",
  intro: "감리자의 검토를 거쳐 발주기관이 이 사업의 시공사에 부과한 제재입니다.",
  against: "부과 대상",
  amount: "금액",
  description: "내용",
  reason: "사유",
  approved: "승인일",
};

const MESSAGES: Record<Language, PenaltyMessages> = { en, es, ko };

/** Returns the penalty labels in `language`. */
export function penaltyMessages(language: Language): PenaltyMessages {
  return MESSAGES[language];
}
