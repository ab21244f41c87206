import type { Random } from "./random.js";
import type { BilingualName, District } from "./seoul.js";
import type { CITY_AGENCIES } from "./seoul.js";

/** OC4IDS projectType codes the demo uses. */
export type ProjectType = "construction" | "rehabilitation" | "replacement" | "expansion";

/** The ordering agency of a kind of work: a city body or the district office. */
export type AgencyKind = keyof typeof CITY_AGENCIES | "district";

/** A kind of public work, from which projects in any district are made. */
export interface ProjectTemplate {
  key: string;
  type: ProjectType;
  /** OC4IDS projectSector codes. */
  sector: string[];
  agency: AgencyKind;
  title(place: District): BilingualName;
  /** One sentence of scope in each language, with random but plausible quantities. */
  scope(place: District, random: Random): BilingualName;
  /** Range of the budget in KRW; budgets are spread evenly on a log scale inside it. */
  budget: [number, number];
  /** Range of the planned construction time in months. */
  months: [number, number];
}

/** Returns the neighbourhood name without the trailing 동 / -dong, as schools and parks are named. */
function stem(place: District): BilingualName {
  const { ko, en } = place.neighbourhood;
  if (ko.length <= 2) return { ko, en };
  return { ko: ko.replace(/동$/, ""), en: en.replace(/-dong$/, "") };
}

const name = (ko: string, en: string): BilingualName => ({ ko, en });

/** The kinds of work, covering the four project types and the city's main sectors. */
export const TEMPLATES: readonly ProjectTemplate[] = [
  {
    key: "sidewalk",
    type: "rehabilitation",
    sector: ["transport.road"],
    agency: "district",
    title: (p) => name(`${p.road.ko} 보도 정비`, `${p.road.en} sidewalk rehabilitation`),
    scope: (p, r) => {
      const metres = r.integer(4, 30) * 50;
      return name(
        `${p.road.ko} 보도 ${metres}m 구간의 포장, 점자블록, 배수시설을 정비합니다.`,
        `Repaving, tactile paving and drainage along ${metres} m of ${p.road.en} sidewalk.`,
      );
    },
    budget: [3e8, 3e9],
    months: [4, 10],
  },
  {
    key: "road-widening",
    type: "expansion",
    sector: ["transport.road"],
    agency: "infrastructure",
    title: (p) => name(`${p.road.ko} 도로 확장`, `${p.road.en} road widening`),
    scope: (p, r) => {
      const kilometres = r.integer(8, 30) / 10;
      return name(
        `${p.road.ko} ${kilometres}km 구간을 왕복 4차로에서 6차로로 확장합니다.`,
        `Widening ${kilometres} km of ${p.road.en} from four to six lanes.`,
      );
    },
    budget: [2e10, 1.5e11],
    months: [24, 42],
  },
  {
    key: "overpass-retrofit",
    type: "rehabilitation",
    sector: ["transport.road"],
    agency: "infrastructure",
    title: (p) => name(`${p.name.ko} 고가차도 내진 보강`, `${p.name.en} overpass seismic retrofit`),
    scope: (p, r) => {
      const piers = r.integer(6, 24);
      return name(
        `${p.name.ko} 고가차도 교각 ${piers}개소의 내진 성능을 보강합니다.`,
        `Seismic strengthening of ${piers} piers of an overpass in ${p.name.en}.`,
      );
    },
    budget: [5e9, 4e10],
    months: [12, 24],
  },
  {
    key: "bus-lane",
    type: "construction",
    sector: ["transport.urban"],
    agency: "transport",
    title: (p) =>
      name(`${p.road.ko} 중앙버스전용차로 설치`, `${p.road.en} median bus lane construction`),
    scope: (p, r) => {
      const stops = r.integer(4, 12);
      return name(
        `${p.road.ko}에 중앙버스전용차로와 정류소 ${stops}곳을 설치합니다.`,
        `A median bus lane with ${stops} island stops on ${p.road.en}.`,
      );
    },
    budget: [1e10, 6e10],
    months: [10, 20],
  },
  {
    key: "station-lift",
    type: "construction",
    sector: ["transport.urban", "transport.rail"],
    agency: "transport",
    title: (p) =>
      name(
        `${p.neighbourhood.ko} 인근 지하철역 승강기 설치`,
        `Subway station lift installation near ${p.neighbourhood.en}`,
      ),
    scope: (_p, r) => {
      const lifts = r.integer(1, 4);
      return name(
        `교통약자를 위해 지상과 대합실을 잇는 승강기 ${lifts}대를 설치합니다.`,
        `${lifts} step-free lifts from street level to the concourse.`,
      );
    },
    budget: [1e9, 6e9],
    months: [8, 16],
  },
  {
    key: "sewer",
    type: "replacement",
    sector: ["waterAndWaste"],
    agency: "district",
    title: (p) =>
      name(`${p.name.ko} 노후 하수관로 교체`, `${p.name.en} aged sewer pipe replacement`),
    scope: (p, r) => {
      const kilometres = r.integer(15, 90) / 10;
      return name(
        `30년 넘은 하수관로 ${kilometres}km를 교체해 도로 함몰과 악취를 줄입니다.`,
        `Replacing ${kilometres} km of sewers over 30 years old in ${p.name.en} to prevent sinkholes and odours.`,
      );
    },
    budget: [2e9, 2e10],
    months: [8, 24],
  },
  {
    key: "water-main",
    type: "replacement",
    sector: ["waterAndWaste"],
    agency: "water",
    title: (p) =>
      name(
        `${p.neighbourhood.ko} 노후 상수도관 교체`,
        `${p.neighbourhood.en} aged water main replacement`,
      ),
    scope: (p, r) => {
      const kilometres = r.integer(10, 60) / 10;
      return name(
        `${p.neighbourhood.ko} 일대 상수도관 ${kilometres}km를 내식성 관으로 교체합니다.`,
        `Replacing ${kilometres} km of water mains around ${p.neighbourhood.en} with corrosion-resistant pipe.`,
      );
    },
    budget: [1e9, 1.2e10],
    months: [6, 18],
  },
  {
    key: "rainwater-tunnel",
    type: "construction",
    sector: ["waterAndWaste", "naturalResources.floodProtection"],
    agency: "water",
    title: (p) =>
      name(
        `${p.name.ko} 대심도 빗물배수터널 건설`,
        `${p.name.en} deep rainwater drainage tunnel construction`,
      ),
    scope: (p, r) => {
      const kilometres = r.integer(20, 50) / 10;
      return name(
        `지하 40m 이하에 길이 ${kilometres}km의 빗물배수터널을 건설해 침수 피해를 줄입니다.`,
        `A ${kilometres} km drainage tunnel more than 40 m below ${p.name.en} to prevent flooding.`,
      );
    },
    budget: [1.5e11, 5e11],
    months: [42, 60],
  },
  {
    key: "school-retrofit",
    type: "rehabilitation",
    sector: ["education"],
    agency: "education",
    title: (p) =>
      name(`${stem(p).ko}초등학교 내진 보강`, `${stem(p).en} Elementary School seismic retrofit`),
    scope: (_p, r) => {
      const buildings = r.integer(1, 3);
      return name(
        `교사동 ${buildings}개 동의 내진 보강과 석면 제거를 방학 중에 시행합니다.`,
        `Seismic strengthening and asbestos removal in ${buildings} school buildings during holidays.`,
      );
    },
    budget: [2e9, 1.5e10],
    months: [6, 14],
  },
  {
    key: "school-extension",
    type: "expansion",
    sector: ["education"],
    agency: "education",
    title: (p) => name(`${stem(p).ko}중학교 증축`, `${stem(p).en} Middle School extension`),
    scope: (_p, r) => {
      const classrooms = r.integer(6, 18);
      return name(
        `교실 ${classrooms}실과 다목적 강당을 증축합니다.`,
        `An extension with ${classrooms} classrooms and a multi-purpose hall.`,
      );
    },
    budget: [3e9, 2e10],
    months: [10, 18],
  },
  {
    key: "health-branch",
    type: "construction",
    sector: ["health"],
    agency: "district",
    title: (p) =>
      name(`${p.name.ko} 보건지소 신축`, `${p.name.en} public health branch construction`),
    scope: (p, r) => {
      const floors = r.integer(3, 6);
      return name(
        `${p.neighbourhood.ko}에 지상 ${floors}층 규모의 보건지소를 신축합니다.`,
        `A ${floors}-storey public health branch in ${p.neighbourhood.en}.`,
      );
    },
    budget: [5e9, 3e10],
    months: [18, 30],
  },
  {
    key: "hospital-ward",
    type: "expansion",
    sector: ["health"],
    agency: "health",
    title: (p) =>
      name(`${p.name.ko} 시립병원 병동 증축`, `${p.name.en} municipal hospital ward extension`),
    scope: (_p, r) => {
      const beds = r.integer(8, 30) * 10;
      return name(
        `공공의료 확충을 위해 ${beds}병상 규모의 병동을 증축합니다.`,
        `A new ward wing with ${beds} beds to expand public hospital care.`,
      );
    },
    budget: [5e10, 2e11],
    months: [30, 48],
  },
  {
    key: "library",
    type: "construction",
    sector: ["cultureSportsAndRecreation"],
    agency: "district",
    title: (p) =>
      name(`${stem(p).ko} 구립도서관 건립`, `${stem(p).en} district library construction`),
    scope: (_p, r) => {
      const area = r.integer(15, 60) * 100;
      return name(
        `연면적 ${area}㎡ 규모의 구립도서관을 건립합니다.`,
        `A district library with ${area} m² of floor area.`,
      );
    },
    budget: [5e9, 3e10],
    months: [18, 30],
  },
  {
    key: "sports-centre",
    type: "construction",
    sector: ["cultureSportsAndRecreation"],
    agency: "district",
    title: (p) =>
      name(`${p.name.ko} 국민체육센터 건립`, `${p.name.en} public sports centre construction`),
    scope: (_p, r) => {
      const lanes = r.integer(5, 8);
      return name(
        `${lanes}레인 수영장과 다목적 체육관을 갖춘 체육센터를 건립합니다.`,
        `A sports centre with a ${lanes}-lane pool and a multi-purpose hall.`,
      );
    },
    budget: [1e10, 4e10],
    months: [20, 32],
  },
  {
    key: "park",
    type: "rehabilitation",
    sector: ["cultureSportsAndRecreation"],
    agency: "culture",
    title: (p) =>
      name(`${stem(p).ko} 근린공원 재정비`, `${stem(p).en} neighbourhood park rehabilitation`),
    scope: (_p, r) => {
      const area = r.integer(5, 40) * 1000;
      return name(
        `면적 ${area}㎡ 공원의 산책로, 놀이터, 조명을 재정비합니다.`,
        `New paths, playground and lighting across a ${area} m² park.`,
      );
    },
    budget: [1e9, 8e9],
    months: [6, 14],
  },
  {
    key: "rental-housing",
    type: "construction",
    sector: ["socialHousing"],
    agency: "housing",
    title: (p) =>
      name(`${stem(p).ko} 공공임대주택 건설`, `${stem(p).en} public rental housing construction`),
    scope: (_p, r) => {
      const homes = r.integer(12, 60) * 10;
      return name(
        `청년과 신혼부부를 위한 공공임대주택 ${homes}호를 건설합니다.`,
        `${homes} public rental homes for young people and newly-wed couples.`,
      );
    },
    budget: [3e10, 2.5e11],
    months: [30, 48],
  },
  {
    key: "rental-lift",
    type: "replacement",
    sector: ["socialHousing"],
    agency: "housing",
    title: (p) =>
      name(
        `${stem(p).ko} 영구임대아파트 승강기 교체`,
        `${stem(p).en} public rental apartment lift replacement`,
      ),
    scope: (_p, r) => {
      const lifts = r.integer(6, 30);
      return name(
        `설치 후 20년이 지난 승강기 ${lifts}대를 교체합니다.`,
        `Replacing ${lifts} lifts that are more than 20 years old.`,
      );
    },
    budget: [1e9, 6e9],
    months: [6, 12],
  },
  {
    key: "streetlights",
    type: "replacement",
    sector: ["transport.road", "energy"],
    agency: "district",
    title: (p) => name(`${p.name.ko} 가로등 LED 교체`, `${p.name.en} LED streetlight replacement`),
    scope: (_p, r) => {
      const lights = r.integer(20, 150) * 10;
      return name(
        `나트륨 가로등 ${lights}개를 LED 등기구로 교체합니다.`,
        `Replacing ${lights} sodium streetlights with LED fittings.`,
      );
    },
    budget: [1e8, 1.5e9],
    months: [3, 8],
  },
  {
    key: "daycare",
    type: "rehabilitation",
    sector: ["education"],
    agency: "district",
    title: (p) =>
      name(
        `${stem(p).ko} 구립어린이집 리모델링`,
        `${stem(p).en} district daycare centre remodelling`,
      ),
    scope: (_p, r) => {
      const children = r.integer(4, 12) * 10;
      return name(
        `정원 ${children}명 어린이집의 냉난방, 창호, 화장실을 개선합니다.`,
        `New heating, cooling, windows and washrooms in a daycare centre for ${children} children.`,
      );
    },
    budget: [1e8, 1.2e9],
    months: [3, 8],
  },
  {
    key: "cycle-lane",
    type: "expansion",
    sector: ["transport.urban"],
    agency: "transport",
    title: (p) => name(`${p.road.ko} 자전거도로 확충`, `${p.road.en} cycle lane extension`),
    scope: (p, r) => {
      const kilometres = r.integer(10, 60) / 10;
      return name(
        `${p.road.ko}에 차도와 분리된 자전거도로 ${kilometres}km를 확충합니다.`,
        `${kilometres} km of protected cycle lane along ${p.road.en}.`,
      );
    },
    budget: [1e9, 8e9],
    months: [6, 12],
  },
];
