import type { JsonObject } from "../import/types.js";
import { buildContractingProcesses } from "./contracting.js";
import { dayFromParts, endDateTime, isoDate, startDateTime } from "./dates.js";
import { bilingual, money, period, reference } from "./oc4ids.js";
import { drawSitePhoto, type DemoPhoto } from "./photos.js";
import type { Official, ProjectPlan } from "./plan.js";
import { actualPercent, observations, plannedPercent, reportingDays } from "./progress.js";
import type { Random } from "./random.js";
import { SEOUL, type DemoOrganisation } from "./seoul.js";

/** Roles of the ordering agency: it owns the project, pays for it, tenders and pays out. */
const AGENCY_ROLES = ["publicAuthority", "buyer", "procuringEntity", "payer"];

/**
 * Roles of the supervisor (construction manager). OC4IDS has no "supervisor" role, and
 * `administrativeEntity` ("the entity responsible for contract administration") is the one
 * that matches what a Korean 건설사업관리 firm does for the agency. It is also the supplier of
 * the supervision contract.
 */
export const SUPERVISOR_ROLES = ["administrativeEntity", "supplier", "payee"];

/** Roles of the prime contractor. */
const CONTRACTOR_ROLES = ["supplier", "payee"];

/** Where a photo document's file is served: `<baseUrl>/files/<sha256>`. */
export function photoUrl(baseUrl: string, sha256: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/files/${sha256}`;
}

function party(organisation: DemoOrganisation, roles: string[], contact: Official): JsonObject {
  return {
    ...reference(organisation),
    roles,
    contactPoint: { name: contact.name, email: contact.email, telephone: contact.telephone },
  };
}

function buildParties(plan: ProjectPlan): JsonObject[] {
  const parties = [party(plan.agency, AGENCY_ROLES, plan.agencyOfficial)];
  const contract = plan.contract;
  if (contract) {
    parties.push(party(contract.supervisor, SUPERVISOR_ROLES, contract.supervisingEngineer));
    parties.push(party(contract.contractor, CONTRACTOR_ROLES, contract.siteAgent));
  }
  return parties;
}

function buildLocation(plan: ProjectPlan): JsonObject {
  const { district, template } = plan;
  const onRoad = template.sector.includes("transport.road") && template.key !== "streetlights";
  const street = onRoad || template.key === "bus-lane" || template.key === "cycle-lane";
  const place = street ? district.road : district.neighbourhood;
  return {
    id: "1",
    description: bilingual({
      ko: `${SEOUL.name.ko} ${district.name.ko} ${place.ko} 일대`,
      en: `${place.en}, ${district.name.en}, ${SEOUL.name.en}`,
    }),
    geometry: { type: "Point", coordinates: [plan.longitude, plan.latitude] },
    address: {
      streetAddress: place.ko,
      locality: district.name.ko,
      region: SEOUL.name.ko,
      countryName: "대한민국",
    },
  };
}

/**
 * Builds the planned and actual progress curves, and the site photos taken on some of the
 * actual reporting days (up to four, from the first to the latest).
 */
function buildProgress(
  plan: ProjectPlan,
  random: Random,
  today: number,
  baseUrl: string,
): { fields: JsonObject; photos: DemoPhoto[] } {
  const contract = plan.contract;
  if (!contract) return { fields: {}, photos: [] };
  const { schedule } = contract;

  const plannedDays = reportingDays(schedule.start, schedule.plannedEnd);
  const actualDays = reportingDays(schedule.start, schedule.actualEnd).filter(
    (day) => day <= today,
  );
  const fields: JsonObject = {
    forecasts: [
      {
        id: "physicalProgress",
        title: "계획 공정률 / Planned physical progress",
        observations: observations(plannedDays, schedule.start, (day) =>
          plannedPercent(schedule, day),
        ),
      },
    ],
  };
  if (actualDays.length === 0) return { fields, photos: [] };
  fields.metrics = [
    {
      id: "physicalProgress",
      title: "실적 공정률 / Actual physical progress",
      observations: observations(actualDays, schedule.start, (day) => actualPercent(schedule, day)),
    },
  ];

  const count = Math.min(actualDays.length, random.integer(2, 4));
  const photoDays = [
    ...new Set(
      Array.from(
        { length: count },
        (_, i) =>
          actualDays[Math.round((i * (actualDays.length - 1)) / Math.max(count - 1, 1))] as number,
      ),
    ),
  ];
  const title = plan.template.title(plan.district);
  const photos = photoDays.map((day) =>
    drawSitePhoto({ title, date: isoDate(day), percent: actualPercent(schedule, day) }, random),
  );
  fields.documents = photos.map((photo, index) => {
    const day = photoDays[index] as number;
    return {
      id: `photo-${isoDate(day)}`,
      documentType: "illustration",
      title: bilingual({ ko: `현장 사진 ${isoDate(day)}`, en: `Site photo ${isoDate(day)}` }),
      description: bilingual({
        ko: `공정률 ${actualPercent(schedule, day)}%`,
        en: `Physical progress ${actualPercent(schedule, day)}%`,
      }),
      url: photoUrl(baseUrl, photo.sha256),
      datePublished: endDateTime(day),
      format: photo.contentType,
    };
  });
  return { fields, photos };
}

function buildCompletion(plan: ProjectPlan): JsonObject {
  const contract = plan.contract;
  if (!contract || (plan.status !== "completion" && plan.status !== "maintenance")) return {};
  const { schedule, modifications } = contract;
  const finalWorks = modifications.reduce((value, m) => m.newValue ?? value, contract.value);
  const lateDays = schedule.actualEnd - schedule.plannedEnd;
  const completion: JsonObject = {
    endDate: endDateTime(schedule.actualEnd),
    finalValue: money(finalWorks + contract.supervisionValue),
    finalValueDetails: bilingual({
      ko: "공사 및 건설사업관리 최종 계약 금액의 합계",
      en: "Final value of the works and construction management contracts",
    }),
  };
  if (lateDays > 0) {
    completion.endDateDetails = bilingual({
      ko: `당초 계획보다 ${lateDays}일 늦게 준공`,
      en: `Finished ${lateDays} days after the original planned end`,
    });
  }
  return { completion };
}

/** The latest date-time in `value` that is not after `today`, as a day. */
function latestPastDay(value: unknown, today: number): number | undefined {
  if (typeof value === "string") {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
    const day = dayFromParts(
      Number(value.slice(0, 4)),
      Number(value.slice(5, 7)),
      Number(value.slice(8, 10)),
    );
    return day <= today ? day : undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  let latest: number | undefined;
  for (const item of Object.values(value)) {
    const day = latestPastDay(item, today);
    if (day !== undefined && (latest === undefined || day > latest)) latest = day;
  }
  return latest;
}

/** Builds one OC4IDS project and the photos its documents point to. */
export function buildProject(
  plan: ProjectPlan,
  random: Random,
  today: number,
  baseUrl: string,
): { project: JsonObject; photos: DemoPhoto[] } {
  const title = plan.template.title(plan.district);
  const scope = plan.template.scope(plan.district, random);
  const cancellation =
    plan.status === "cancelled"
      ? {
          ko: " 입찰이 유찰되어 사업이 취소되었습니다.",
          en: " The project was cancelled after its tender failed.",
        }
      : { ko: "", en: "" };
  const progress = buildProgress(plan, random, today, baseUrl);

  const project: JsonObject = {
    id: plan.id,
    language: "ko",
    title: bilingual(title),
    description: `${scope.ko}${cancellation.ko}\n\n${scope.en}${cancellation.en}`,
    status: plan.status,
    type: plan.template.type,
    sector: plan.template.sector,
    publicAuthority: reference(plan.agency),
    budget: {
      amount: money(plan.budget),
      ...(plan.budgetApprovalDay === undefined
        ? {}
        : { approvalDate: startDateTime(plan.budgetApprovalDay) }),
    },
    period: period(plan.plannedStart, plan.plannedEnd),
    locations: [buildLocation(plan)],
    parties: buildParties(plan),
    ...buildCompletion(plan),
    ...progress.fields,
  };
  const processes = buildContractingProcesses(plan, random, today);
  if (processes.length > 0) project.contractingProcesses = processes;
  project.updated = endDateTime(latestPastDay(project, today) ?? today);
  return { project, photos: progress.photos };
}
