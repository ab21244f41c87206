import type { Language } from "./index.js";

/** Labels of the administrator's disclosure policy page. */
const en = {
  title: "Disclosure policy",
  intro:
    "Choose which workspace records the public portal shows in this jurisdiction. A change applies to records approved from now on; records already public stay public.",
  category: "Category",
  records: "Records",
  isPublic: "Public",
  alwaysPrivate: "Always private",
  save: "Save the policy",
  saved: "The policy is saved.",
};

/** The disclosure labels in English; every other language matches it key for key. */
export type DisclosureMessages = typeof en;

const es: DisclosureMessages = {
  title: "Política de divulgación",
  intro:
    "Elija qué registros del espacio de trabajo muestra el portal público en esta jurisdicción. Un cambio se aplica a los registros aprobados desde ahora; los registros ya públicos siguen públicos.",
  category: "Categoría",
  records: "Registros",
  isPublic: "Público",
  alwaysPrivate: "Siempre privado",
  save: "Guardar la política",
  saved: "La política está guardada.",
};

const ko: DisclosureMessages = {
  title: "공개 정책",
  intro:
    "이 관할 구역에서 공개 포털에 표시할 작업 공간 기록을 선택하십시오. 변경 사항은 지금부터 승인되는 기록에 적용되며, 이미 공개된 기록은 계속 공개됩니다.",
  category: "분류",
  records: "기록",
  isPublic: "공개",
  alwaysPrivate: "항상 비공개",
  save: "정책 저장",
  saved: "정책이 저장되었습니다.",
};

const DICTIONARIES: Record<Language, DisclosureMessages> = { en, es, ko };

/** Returns the disclosure policy labels of a language. */
export function disclosureMessages(language: Language): DisclosureMessages {
  return DICTIONARIES[language];
}
