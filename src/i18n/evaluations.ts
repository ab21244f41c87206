import type { Language } from "./index.js";

/** Labels of the workspace's performance evaluation pages. */
const en = {
  evaluations: "Performance evaluations",
  noEvaluations:
    "No evaluation has been requested yet. Approving the daily report that takes actual progress to 30, 60 or 95% requests them.",
  shortTerm: "This is a short-term project, so it has no performance evaluations.",
  threshold: "At progress",
  subject: "Subject",
  status: "Status",
  requestedAt: "Requested",
  progressAtRequest: "Actual progress when requested",
  averageScore: "Average score",
  recordedBy: "Recorded by",
  recordedAt: "Recorded",
  subjectDesign: "Design",
  subjectConstruction: "Construction",
  subjectSupervision: "Supervision",
  statusPending: "Waiting",
  statusRecorded: "Recorded",
  evaluation: "Evaluation",
  scores: "Criteria and scores",
  scoresHint:
    "Score each criterion from 0 to 100. Leave both boxes of a row empty to skip it. A recorded evaluation cannot be changed.",
  criterion: "Criterion",
  score: "Score",
  comment: "Comment",
  record: "Record the evaluation",
  waitingForAgency: "Waiting for the agency official to record it.",
  suggestedDesign: [
    "Completeness of the drawings",
    "Accuracy of the quantities and cost estimate",
    "Constructability",
  ],
  suggestedConstruction: ["Quality of the work", "Schedule", "Safety", "Site and environment"],
  suggestedSupervision: [
    "Inspections and tests",
    "Review of documents and reports",
    "Directives followed up",
  ],
};

/** The evaluation labels in English; every other language matches it key for key. */
export type EvaluationMessages = typeof en;

const es: EvaluationMessages = {
  evaluations: "Evaluaciones de desempeño",
  noEvaluations:
    "Todavía no se ha pedido ninguna evaluación. Se piden al aprobar el parte diario que lleva el avance real al 30, 60 o 95 %.",
  shortTerm: "Es un proyecto de corto plazo, así que no tiene evaluaciones de desempeño.",
  threshold: "Con avance",
  subject: "Objeto",
  status: "Estado",
  requestedAt: "Pedida",
  progressAtRequest: "Avance real al pedirla",
  averageScore: "Puntuación media",
  recordedBy: "Registrada por",
  recordedAt: "Registrada",
  subjectDesign: "Diseño",
  subjectConstruction: "Construcción",
  subjectSupervision: "Supervisión",
  statusPending: "Pendiente",
  statusRecorded: "Registrada",
  evaluation: "Evaluación",
  scores: "Criterios y puntuaciones",
  scoresHint:
    "Puntúe cada criterio de 0 a 100. Deje vacías las dos casillas de una fila para omitirla. Una evaluación registrada no se puede cambiar.",
  criterion: "Criterio",
  score: "Puntuación",
  comment: "Comentario",
  record: "Registrar la evaluación",
  waitingForAgency: "Pendiente de que el organismo contratante la registre.",
  suggestedDesign: [
    "Planos completos",
    "Exactitud de las cantidades y del presupuesto",
    "Constructibilidad",
  ],
  suggestedConstruction: ["Calidad de la obra", "Plazo", "Seguridad", "Obra y medio ambiente"],
  suggestedSupervision: [
    "Inspecciones y ensayos",
    "Revisión de documentos e informes",
    "Seguimiento de las órdenes",
  ],
};

const ko: EvaluationMessages = {
  evaluations: "성과 평가",
  noEvaluations:
    "아직 요청된 평가가 없습니다. 실적 공정률을 30, 60, 95%로 올리는 일일 보고를 승인하면 요청됩니다.",
  shortTerm: "단기 사업이므로 성과 평가가 없습니다.",
  threshold: "공정률",
  subject: "대상",
  status: "상태",
  requestedAt: "요청일",
  progressAtRequest: "요청 시 실적 공정률",
  averageScore: "평균 점수",
  recordedBy: "평가자",
  recordedAt: "평가일",
  subjectDesign: "설계",
  subjectConstruction: "시공",
  subjectSupervision: "감리",
  statusPending: "평가 대기",
  statusRecorded: "평가 완료",
  evaluation: "평가",
  scores: "평가 항목 및 점수",
  scoresHint:
    "각 항목을 0점에서 100점으로 평가합니다. 건너뛸 행은 두 칸 모두 비워 둡니다. 기록한 평가는 바꿀 수 없습니다.",
  criterion: "평가 항목",
  score: "점수",
  comment: "의견",
  record: "평가 기록",
  waitingForAgency: "발주기관 담당자의 평가를 기다리는 중입니다.",
  suggestedDesign: ["도면의 완성도", "수량 및 공사비 산정의 정확성", "시공성"],
  suggestedConstruction: ["시공 품질", "공정 관리", "안전 관리", "현장 및 환경 관리"],
  suggestedSupervision: ["검측 및 시험", "문서 및 보고서 검토", "작업 지시 이행 확인"],
};

const DICTIONARIES: Record<Language, EvaluationMessages> = { en, es, ko };

/** Returns the evaluation labels of a language. */
export function evaluationMessages(language: Language): EvaluationMessages {
  return DICTIONARIES[language];
}
