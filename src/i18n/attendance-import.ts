import type { Language } from "./index.js";

/** Labels of the workspace page that imports attendance from a card-reader export. */
const en = {
  title: "Attendance from card readers",
  intro:
    "Upload the export of the site's card readers, one row per tap. Each worker's in and out taps of a day are paired into a day worked. Rows that cannot be used are listed with the reason and left out.",
  file: "Card-reader export (CSV or XLSX)",
  fileHint: "The card column holds the worker's badge reference; times are site-local.",
  dryRun: "Check only, record nothing",
  columns: "Column names",
  columnsHint: "Leave empty to use card, time, direction and reader.",
  cardColumn: "Card column",
  timeColumn: "Time column",
  directionColumn: "Direction column (in or out)",
  readerColumn: "Reader or gate column",
  entryReaders: "Entry readers",
  exitReaders: "Exit readers",
  readersHint: "Needed when the file has no direction column; separate names with commas.",
  submit: "Import",
  checked: "Checked: nothing was recorded.",
  recorded: "Days recorded",
  summary: "Rows read",
  tapsUsed: "Taps paired",
  days: "Days worked",
  noDays: "No day worked was found.",
  reference: "Worker",
  date: "Date",
  timeIn: "In",
  timeOut: "Out",
  hours: "Hours",
  problems: "Rows left out",
  row: "Row",
  reason: "Reason",
};

/** Labels of a language. */
export type AttendanceImportMessages = typeof en;

const es: AttendanceImportMessages = {
  title: "Asistencia desde lectores de tarjetas",
  intro:
    "Suba la exportación de los lectores de tarjetas de la obra, una fila por marcación. Las marcaciones de entrada y salida de cada trabajador en un día se emparejan en un día trabajado. Las filas que no se pueden usar se listan con el motivo y se omiten.",
  file: "Exportación de lectores (CSV o XLSX)",
  fileHint:
    "La columna de tarjeta contiene la referencia del trabajador; las horas son locales de la obra.",
  dryRun: "Solo comprobar, no registrar nada",
  columns: "Nombres de columna",
  columnsHint: "Déjelos vacíos para usar card, time, direction y reader.",
  cardColumn: "Columna de tarjeta",
  timeColumn: "Columna de hora",
  directionColumn: "Columna de sentido (entrada o salida)",
  readerColumn: "Columna de lector o puerta",
  entryReaders: "Lectores de entrada",
  exitReaders: "Lectores de salida",
  readersHint:
    "Necesarios cuando el archivo no tiene columna de sentido; separe los nombres con comas.",
  submit: "Importar",
  checked: "Comprobado: no se registró nada.",
  recorded: "Días registrados",
  summary: "Filas leídas",
  tapsUsed: "Marcaciones emparejadas",
  days: "Días trabajados",
  noDays: "No se encontró ningún día trabajado.",
  reference: "Trabajador",
  date: "Fecha",
  timeIn: "Entrada",
  timeOut: "Salida",
  hours: "Horas",
  problems: "Filas omitidas",
  row: "Fila",
  reason: "Motivo",
};

const ko: AttendanceImportMessages = {
  title: "출입카드 출역 가져오기",
  intro:
    "현장 출입카드 단말기의 내보내기 파일(태그 한 번에 한 행)을 올립니다. 근로자별로 하루의 입장과 퇴장 태그를 짝지어 출역일로 셉니다. 쓸 수 없는 행은 사유와 함께 표시하고 제외합니다.",
  file: "출입카드 내보내기 파일 (CSV 또는 XLSX)",
  fileHint: "카드 열에는 근로자의 출입증 번호가, 시각 열에는 현장 현지 시각이 있어야 합니다.",
  dryRun: "확인만 하고 기록하지 않기",
  columns: "열 이름",
  columnsHint: "비워 두면 card, time, direction, reader를 씁니다.",
  cardColumn: "카드 열",
  timeColumn: "시각 열",
  directionColumn: "방향 열 (입장 또는 퇴장)",
  readerColumn: "단말기 또는 출입문 열",
  entryReaders: "입장 단말기",
  exitReaders: "퇴장 단말기",
  readersHint: "방향 열이 없는 파일에 필요합니다. 이름은 쉼표로 구분합니다.",
  submit: "가져오기",
  checked: "확인만 했습니다. 기록된 것은 없습니다.",
  recorded: "기록된 출역일",
  summary: "읽은 행",
  tapsUsed: "짝지은 태그",
  days: "출역일",
  noDays: "출역일을 찾지 못했습니다.",
  reference: "근로자",
  date: "날짜",
  timeIn: "입장",
  timeOut: "퇴장",
  hours: "시간",
  problems: "제외된 행",
  row: "행",
  reason: "사유",
};

const DICTIONARIES: Record<Language, AttendanceImportMessages> = { en, es, ko };

/** Returns the card-reader import page labels of a language. */
export function attendanceImportMessages(language: Language): AttendanceImportMessages {
  return DICTIONARIES[language];
}
