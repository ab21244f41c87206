import type { ProjectTemplate } from "./catalogue.js";
import { dayFromParts } from "./dates.js";
import type { WorkSchedule } from "./progress.js";
import type { Random } from "./random.js";
import {
  CITY_AGENCIES,
  CONTRACTORS,
  districtOffice,
  FAMILY_NAMES,
  GIVEN_NAMES,
  SUPERVISORS,
  type DemoOrganisation,
  type District,
} from "./seoul.js";

/** OC4IDS projectStatus codes the demo uses. */
export type DemoStatus =
  "identification" | "preparation" | "implementation" | "completion" | "maintenance" | "cancelled";

/** Share of projects in each status. */
export const STATUS_WEIGHTS: Record<DemoStatus, number> = {
  identification: 0.1,
  preparation: 0.15,
  implementation: 0.4,
  completion: 0.15,
  maintenance: 0.1,
  cancelled: 0.1,
};

/** A person named as the contact of an organisation in one project. */
export interface Official {
  name: string;
  email: string;
  telephone: string;
}

/** A change to the construction contract (OC4IDS Modification). */
export interface PlannedModification {
  type: "duration" | "value" | "scope";
  day: number;
  rationale: { ko: string; en: string };
  oldValue?: number;
  newValue?: number;
  oldEnd?: number;
  newEnd?: number;
}

/** The tender of a contracting process. */
export interface PlannedTender {
  day: number;
  method: "open" | "limited" | "direct";
  tenderers: number;
  costEstimate: number;
}

/** Everything decided about one demo project before it is written out as OC4IDS. */
export interface ProjectPlan {
  id: string;
  district: District;
  template: ProjectTemplate;
  status: DemoStatus;
  agency: DemoOrganisation;
  agencyOfficial: Official;
  budget: number;
  budgetApprovalDay: number | undefined;
  latitude: number;
  longitude: number;
  /** Planned start and end of the project (the construction contract's period once signed). */
  plannedStart: number;
  plannedEnd: number;
  /** The construction tender, when one was published. */
  tender: PlannedTender | undefined;
  /** Set once the construction contract is signed. */
  contract:
    | {
        contractor: DemoOrganisation;
        siteAgent: Official;
        supervisor: DemoOrganisation;
        supervisingEngineer: Official;
        value: number;
        supervisionValue: number;
        schedule: WorkSchedule;
        modifications: PlannedModification[];
      }
    | undefined;
  /** Day the project was cancelled, for cancelled projects. */
  cancelledDay: number | undefined;
}

/** Earliest day any demo project starts: 3 January 2022. */
const EARLIEST_START = dayFromParts(2022, 1, 3);

const DELAY_REASONS = [
  {
    ko: "지하 매설물 추가 발견에 따른 공법 변경",
    en: "Change of method after unmapped underground utilities were found",
  },
  { ko: "민원에 따른 야간 작업 중지", en: "Night work stopped after residents' complaints" },
  { ko: "동절기 콘크리트 타설 중지", en: "Concrete work suspended over the winter" },
  { ko: "집중호우로 인한 현장 침수", en: "Site flooded by heavy rain" },
  {
    ko: "인접 건물 안전진단 결과에 따른 보강 공사",
    en: "Extra shoring after a safety survey of a neighbouring building",
  },
];

const VALUE_REASONS = [
  { ko: "자재비 상승에 따른 물가 변동 조정", en: "Price adjustment for rising material costs" },
  { ko: "지반 조사 결과에 따른 기초 보강", en: "Stronger foundations after the ground survey" },
  { ko: "설계 변경: 보행자 안전시설 추가", en: "Design change: added pedestrian safety features" },
  { ko: "설계 변경: 장애인 편의시설 확충", en: "Design change: more accessibility features" },
];

const SCOPE_REASONS = [
  { ko: "주민 요청에 따른 공사 구간 연장", en: "Works extended at residents' request" },
  {
    ko: "예산 조정에 따른 일부 공종 제외",
    en: "Part of the works dropped after a budget revision",
  },
];

/** Splits `count` projects over the statuses in proportion to STATUS_WEIGHTS. */
export function apportionStatuses(count: number): DemoStatus[] {
  const entries = Object.entries(STATUS_WEIGHTS) as [DemoStatus, number][];
  const exact = entries.map(([status, weight]) => ({ status, value: weight * count }));
  const counts = exact.map(({ status, value }) => ({
    status,
    count: Math.floor(value),
    rest: value % 1,
  }));
  let missing = count - counts.reduce((sum, entry) => sum + entry.count, 0);
  for (const entry of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing <= 0) break;
    entry.count += 1;
    missing -= 1;
  }
  return counts.flatMap((entry) => Array<DemoStatus>(entry.count).fill(entry.status));
}

function pickOfficial(random: Random, organisation: DemoOrganisation, title: string): Official {
  const family = random.pick(FAMILY_NAMES);
  const given = random.pick(GIVEN_NAMES);
  return {
    name: `${family.ko}${given.ko} ${title} (${given.en} ${family.en})`,
    email: `${given.en.toLowerCase()}.${family.en.toLowerCase()}@${organisation.emailDomain}`,
    telephone: `${organisation.telephonePrefix}${random.integer(100, 999)}`,
  };
}

function roundTo(value: number, unit: number): number {
  return Math.max(unit, Math.round(value / unit) * unit);
}

function logUniform(random: Random, [min, max]: [number, number]): number {
  return Math.exp(random.between(Math.log(min), Math.log(max)));
}

interface Timeline {
  status: DemoStatus;
  start: number;
  plannedEnd: number;
  actualEnd: number;
}

/**
 * Places the construction period so that it matches `status` as of `today`: finished works
 * lie in the past, works under way straddle today and planned works lie ahead. A project too
 * long to have been finished by the demo's earliest start moves from maintenance to completion.
 */
function planTimeline(
  random: Random,
  template: ProjectTemplate,
  requested: DemoStatus,
  today: number,
): Timeline {
  const plannedDays = Math.round(random.integer(template.months[0], template.months[1]) * 30.4);
  let slowness = 1;
  if (random.chance(0.45)) {
    slowness = random.chance(0.6) ? random.between(1.05, 1.2) : random.between(1.2, 1.45);
  }
  const actualDays = Math.round(plannedDays * slowness);
  const fromActual = (status: DemoStatus, start: number, actualEnd: number): Timeline => ({
    status,
    start,
    actualEnd,
    plannedEnd: start + Math.round((actualEnd - start) / slowness),
  });

  if (requested === "maintenance") {
    const actualEnd = today - random.integer(365, 720);
    if (actualEnd - actualDays >= EARLIEST_START) {
      return fromActual("maintenance", actualEnd - actualDays, actualEnd);
    }
  }
  if (requested === "maintenance" || requested === "completion") {
    const actualEnd = today - random.integer(20, 300);
    return fromActual("completion", Math.max(EARLIEST_START, actualEnd - actualDays), actualEnd);
  }
  if (requested === "implementation") {
    const elapsed = Math.round(random.between(0.1, 0.9) * actualDays);
    const start = Math.min(Math.max(EARLIEST_START, today - elapsed), today - 45);
    const actualEnd = Math.max(start + actualDays, today + random.integer(14, 60));
    return fromActual("implementation", start, actualEnd);
  }

  const ahead = {
    identification: random.integer(240, 700),
    preparation: random.integer(30, 240),
    cancelled: random.integer(-200, 200),
  }[requested];
  const start = today + ahead;
  return {
    status: requested,
    start,
    plannedEnd: start + plannedDays,
    actualEnd: start + plannedDays,
  };
}

function planTender(
  random: Random,
  timeline: Timeline,
  budget: number,
  today: number,
): PlannedTender | undefined {
  const { status, start } = timeline;
  const started = isStarted(status);
  if (status === "identification") return undefined;
  if (status === "preparation" && random.chance(0.5)) return undefined;

  const costEstimate = roundTo(budget * random.between(0.9, 0.97), 1000);
  // Small works go to a direct (negotiated) contract; the threshold is the demo's own choice.
  const method = budget < 4e8 ? "direct" : random.chance(0.2) ? "limited" : "open";
  let tenderers = 1;
  if (status === "cancelled") {
    tenderers = random.integer(0, 1);
  } else if (method !== "direct" && !random.chance(0.08)) {
    tenderers = method === "limited" ? random.integer(2, 8) : random.integer(4, 30);
  }
  const day = started
    ? start - random.integer(45, 90)
    : Math.min(today - random.integer(3, 30), start - 30);
  return { day, method, tenderers, costEstimate };
}

function isStarted(status: DemoStatus): boolean {
  return status === "implementation" || status === "completion" || status === "maintenance";
}

/** Decides the facts of one project in (about) `status` as of `today`. */
export function planProject(
  random: Random,
  input: {
    id: string;
    district: District;
    template: ProjectTemplate;
    status: DemoStatus;
    today: number;
  },
): ProjectPlan {
  const { district, template, today } = input;
  const agency =
    template.agency === "district" ? districtOffice(district) : CITY_AGENCIES[template.agency];
  const budget = roundTo(logUniform(random, template.budget), 1_000_000);
  const timeline = planTimeline(random, template, input.status, today);
  const tender = planTender(random, timeline, budget, today);
  const firstStep = Math.min(tender?.day ?? timeline.start, timeline.start);

  const plan: ProjectPlan = {
    id: input.id,
    district,
    template,
    status: timeline.status,
    agency,
    agencyOfficial: pickOfficial(random, agency, "주무관"),
    budget,
    budgetApprovalDay:
      timeline.status === "identification" ? undefined : firstStep - random.integer(60, 200),
    latitude: Math.round((district.latitude + random.between(-0.012, 0.012)) * 1e5) / 1e5,
    longitude: Math.round((district.longitude + random.between(-0.015, 0.015)) * 1e5) / 1e5,
    plannedStart: timeline.start,
    plannedEnd: timeline.plannedEnd,
    tender,
    contract: undefined,
    cancelledDay:
      timeline.status === "cancelled" && tender
        ? Math.max(
            tender.day + 1,
            Math.min(today - random.integer(1, 30), tender.day + random.integer(30, 90)),
          )
        : undefined,
  };
  if (isStarted(timeline.status) && tender) {
    plan.contract = planContract(random, timeline, tender, today);
  }
  return plan;
}

function planContract(
  random: Random,
  timeline: Timeline,
  tender: PlannedTender,
  today: number,
): ProjectPlan["contract"] {
  const { start, plannedEnd, actualEnd } = timeline;
  const contractor = random.pick(CONTRACTORS);
  const supervisor = random.pick(SUPERVISORS);
  const discount =
    tender.method === "direct" ? random.between(0.95, 0.99) : random.between(0.84, 0.95);
  const value = roundTo(tender.costEstimate * discount, 1000);

  // Some badly delayed works stood still for a while, which shows as a flat actual curve.
  const delayed = actualEnd - plannedEnd > 0.2 * (plannedEnd - start);
  const stoppedDays =
    delayed && random.chance(0.5)
      ? Math.round((actualEnd - start) * random.between(0.08, 0.15))
      : 0;
  const schedule: WorkSchedule = {
    start,
    plannedEnd,
    actualEnd,
    stoppedDays,
    stoppedFrom: start + Math.round((actualEnd - start) * random.between(0.3, 0.5)),
  };

  return {
    contractor,
    siteAgent: pickOfficial(random, contractor, "현장대리인"),
    supervisor,
    supervisingEngineer: pickOfficial(random, supervisor, "책임감리원"),
    value,
    supervisionValue: roundTo(value * random.between(0.03, 0.06), 1000),
    schedule,
    modifications: planModifications(random, schedule, value, today),
  };
}

function planModifications(
  random: Random,
  schedule: WorkSchedule,
  value: number,
  today: number,
): PlannedModification[] {
  const modifications: PlannedModification[] = [];
  const length = schedule.actualEnd - schedule.start;

  if (random.chance(0.35)) {
    const day = schedule.start + Math.round(length * random.between(0.2, 0.7));
    const scope = random.chance(0.4);
    const factor =
      scope && random.chance(0.5) ? random.between(0.9, 0.97) : random.between(1.03, 1.18);
    if (day <= today) {
      modifications.push({
        type: scope ? "scope" : "value",
        day,
        rationale: random.pick(scope ? SCOPE_REASONS : VALUE_REASONS),
        oldValue: value,
        newValue: roundTo(value * factor, 1000),
      });
    }
  }

  // A delay of more than two weeks past the agreed end is covered by a time extension, agreed
  // a few weeks before that end.
  if (schedule.actualEnd > schedule.plannedEnd + 14) {
    const day = Math.max(schedule.start + 30, schedule.plannedEnd - random.integer(20, 60));
    if (day <= today) {
      modifications.push({
        type: "duration",
        day,
        rationale: random.pick(DELAY_REASONS),
        oldEnd: schedule.plannedEnd,
        newEnd: schedule.actualEnd + random.integer(0, 20),
      });
    }
  }

  return modifications.sort((a, b) => a.day - b.day);
}
