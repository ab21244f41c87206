import type { Language } from "./index.js";

/** Labels of the workspace's directives and changes page. */
const en = {
  title: "Directives and changes",
  directives: "Work directives",
  noDirectives: "No directive has been issued.",
  changes: "Design changes, time extensions and penalties",
  noChanges: "No change has been requested.",
  directive: "Directive",
  addressedTo: "Addressed to",
  dueDate: "Due",
  status: "Status",
  overdue: "overdue",
  kind: "Kind",
  description: "Description",
  impact: "Impact",
  requestedBy: "Requested by",
  published: "On the public page",
  apiHint: "Issue, answer, request and decide them through the workspace API.",
};

/** The directives and changes labels in English; every other language matches it key for key. */
export type ChangeMessages = typeof en;

const es: ChangeMessages = {
  title: "Órdenes y modificaciones",
  directives: "Órdenes de trabajo",
  noDirectives: "No se ha emitido ninguna orden.",
  changes: "Cambios de diseño, ampliaciones de plazo y sanciones",
  noChanges: "No se ha solicitado ningún cambio.",
  directive: "Orden",
  addressedTo: "Dirigida a",
  dueDate: "Vence",
  status: "Estado",
  overdue: "vencida",
  kind: "Tipo",
  description: "Descripción",
  impact: "Efecto",
  requestedBy: "Solicitado por",
  published: "En la página pública",
  apiHint: "Emítalas, respóndalas, solicítelos y decídalos con la API del espacio de trabajo.",
};

const ko: ChangeMessages = {
  title: "작업 지시 및 변경",
  directives: "작업 지시",
  noDirectives: "발행된 작업 지시가 없습니다.",
  changes: "설계 변경, 공기 연장 및 벌점",
  noChanges: "요청된 변경이 없습니다.",
  directive: "작업 지시",
  addressedTo: "수신",
  dueDate: "기한",
  status: "상태",
  overdue: "기한 초과",
  kind: "종류",
  description: "내용",
  impact: "영향",
  requestedBy: "요청자",
  published: "공개 페이지 게시",
  apiHint: "발행, 조치 보고, 요청 및 결정은 작업 공간 API로 합니다.",
};

const DICTIONARIES: Record<Language, ChangeMessages> = { en, es, ko };

/** Returns the directives and changes labels of a language. */
export function changeMessages(language: Language): ChangeMessages {
  return DICTIONARIES[language];
}
