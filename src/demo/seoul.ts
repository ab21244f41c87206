/**
 * The demo city: Seoul's 25 districts (gu) with approximate centres, and the fictional
 * organisations and officials that run its works.
 *
 * District names and centres are real (centres rounded, for map markers only). Ordering
 * agencies carry the names of real city bodies, but the works, officials and contacts given
 * for them are made up, as are all supervisors and contractors. E-mail addresses use the
 * `.example` top-level domain, which RFC 2606 reserves for examples.
 */

/** A name in Korean and English. */
export interface BilingualName {
  ko: string;
  en: string;
}

/** A district (gu) of Seoul. */
export interface District {
  /** Short ASCII code, used in party ids and e-mail addresses. */
  code: string;
  name: BilingualName;
  latitude: number;
  longitude: number;
  /** A main road of the district, for road works. */
  road: BilingualName;
  /** A neighbourhood (dong) of the district, for buildings. */
  neighbourhood: BilingualName;
}

/** Population and area of Seoul, for the jurisdiction's description (2023 estimates). */
export const SEOUL = {
  name: { ko: "서울특별시", en: "Seoul" },
  population: 9_400_000,
  areaSquareKilometres: 605,
};

const district = (
  code: string,
  ko: string,
  en: string,
  latitude: number,
  longitude: number,
  road: [string, string],
  neighbourhood: [string, string],
): District => ({
  code,
  name: { ko, en },
  latitude,
  longitude,
  road: { ko: road[0], en: road[1] },
  neighbourhood: { ko: neighbourhood[0], en: neighbourhood[1] },
});

/** The 25 districts of Seoul. */
// prettier-ignore
export const DISTRICTS: readonly District[] = [
  district("jongno", "종로구", "Jongno-gu", 37.5735, 126.979, ["종로", "Jong-ro"], ["혜화동", "Hyehwa-dong"]),
  district("jung", "중구", "Jung-gu", 37.5641, 126.9979, ["을지로", "Eulji-ro"], ["신당동", "Sindang-dong"]),
  district("yongsan", "용산구", "Yongsan-gu", 37.5326, 126.9905, ["한강대로", "Hangang-daero"], ["이태원동", "Itaewon-dong"]),
  district("seongdong", "성동구", "Seongdong-gu", 37.5634, 127.0369, ["왕십리로", "Wangsimni-ro"], ["성수동", "Seongsu-dong"]),
  district("gwangjin", "광진구", "Gwangjin-gu", 37.5385, 127.0823, ["능동로", "Neungdong-ro"], ["자양동", "Jayang-dong"]),
  district("dongdaemun", "동대문구", "Dongdaemun-gu", 37.5744, 127.0396, ["왕산로", "Wangsan-ro"], ["청량리동", "Cheongnyangni-dong"]),
  district("jungnang", "중랑구", "Jungnang-gu", 37.6066, 127.0927, ["망우로", "Mangu-ro"], ["면목동", "Myeonmok-dong"]),
  district("seongbuk", "성북구", "Seongbuk-gu", 37.5894, 127.0167, ["보문로", "Bomun-ro"], ["정릉동", "Jeongneung-dong"]),
  district("gangbuk", "강북구", "Gangbuk-gu", 37.6396, 127.0257, ["도봉로", "Dobong-ro"], ["미아동", "Mia-dong"]),
  district("dobong", "도봉구", "Dobong-gu", 37.6688, 127.0471, ["방학로", "Banghak-ro"], ["창동", "Chang-dong"]),
  district("nowon", "노원구", "Nowon-gu", 37.6542, 127.0568, ["노원로", "Nowon-ro"], ["상계동", "Sanggye-dong"]),
  district("eunpyeong", "은평구", "Eunpyeong-gu", 37.6027, 126.9291, ["통일로", "Tongil-ro"], ["불광동", "Bulgwang-dong"]),
  district("seodaemun", "서대문구", "Seodaemun-gu", 37.5791, 126.9368, ["연세로", "Yonsei-ro"], ["홍제동", "Hongje-dong"]),
  district("mapo", "마포구", "Mapo-gu", 37.5663, 126.9019, ["마포대로", "Mapo-daero"], ["합정동", "Hapjeong-dong"]),
  district("yangcheon", "양천구", "Yangcheon-gu", 37.517, 126.8665, ["목동로", "Mokdong-ro"], ["목동", "Mok-dong"]),
  district("gangseo", "강서구", "Gangseo-gu", 37.5509, 126.8495, ["공항대로", "Gonghang-daero"], ["화곡동", "Hwagok-dong"]),
  district("guro", "구로구", "Guro-gu", 37.4954, 126.8874, ["구로중앙로", "Guro-jungang-ro"], ["개봉동", "Gaebong-dong"]),
  district("geumcheon", "금천구", "Geumcheon-gu", 37.4569, 126.8955, ["시흥대로", "Siheung-daero"], ["독산동", "Doksan-dong"]),
  district("yeongdeungpo", "영등포구", "Yeongdeungpo-gu", 37.5264, 126.8962, ["영등포로", "Yeongdeungpo-ro"], ["여의도동", "Yeouido-dong"]),
  district("dongjak", "동작구", "Dongjak-gu", 37.5124, 126.9393, ["노량진로", "Noryangjin-ro"], ["사당동", "Sadang-dong"]),
  district("gwanak", "관악구", "Gwanak-gu", 37.4784, 126.9516, ["관악로", "Gwanak-ro"], ["신림동", "Sillim-dong"]),
  district("seocho", "서초구", "Seocho-gu", 37.4837, 127.0324, ["반포대로", "Banpo-daero"], ["방배동", "Bangbae-dong"]),
  district("gangnam", "강남구", "Gangnam-gu", 37.5172, 127.0473, ["강남대로", "Gangnam-daero"], ["역삼동", "Yeoksam-dong"]),
  district("songpa", "송파구", "Songpa-gu", 37.5145, 127.1059, ["올림픽로", "Olympic-ro"], ["잠실동", "Jamsil-dong"]),
  district("gangdong", "강동구", "Gangdong-gu", 37.5301, 127.1238, ["천호대로", "Cheonho-daero"], ["천호동", "Cheonho-dong"]),
];

/** An ordering agency, supervisor or contractor that appears in many projects. */
export interface DemoOrganisation {
  /** Party id, the same in every project so the importer sees one organisation. */
  id: string;
  name: BilingualName;
  /** Domain for the e-mail addresses of its staff. */
  emailDomain: string;
  /** Office telephone prefix of its staff. */
  telephonePrefix: string;
}

const organisation = (
  id: string,
  ko: string,
  en: string,
  emailDomain: string,
  telephonePrefix: string,
): DemoOrganisation => ({ id, name: { ko, en }, emailDomain, telephonePrefix });

/** City-level ordering agencies, by the kind of work they order. */
// prettier-ignore
export const CITY_AGENCIES = {
  infrastructure: organisation("agency-infrastructure", "서울특별시 도시기반시설본부", "Seoul Infrastructure Headquarters", "seoul-demo.example", "02-0000-1"),
  transport: organisation("agency-transport", "서울특별시 도시교통실", "Seoul Urban Transportation Office", "seoul-demo.example", "02-0000-2"),
  water: organisation("agency-water", "서울특별시 물순환안전국", "Seoul Water Circulation and Safety Bureau", "seoul-demo.example", "02-0000-3"),
  housing: organisation("agency-housing", "서울주택도시공사", "Seoul Housing and Communities Corporation", "sh-demo.example", "02-0000-4"),
  education: organisation("agency-education", "서울특별시교육청", "Seoul Metropolitan Office of Education", "sen-demo.example", "02-0000-5"),
  health: organisation("agency-health", "서울특별시 시민건강국", "Seoul Citizens' Health Bureau", "seoul-demo.example", "02-0000-6"),
  culture: organisation("agency-culture", "서울특별시 문화본부", "Seoul Culture Headquarters", "seoul-demo.example", "02-0000-7"),
} as const;

/** The ordering agency of works that a district orders itself: its district office. */
export function districtOffice(place: District): DemoOrganisation {
  return organisation(
    `agency-${place.code}`,
    `${place.name.ko}청`,
    `${place.name.en} Office`,
    `${place.code}-demo.example`,
    "02-0000-9",
  );
}

/** Construction management firms that supervise works for the ordering agency. */
// prettier-ignore
export const SUPERVISORS: readonly DemoOrganisation[] = [
  organisation("supervisor-01", "한결건설기술", "Hangyeol Construction Engineering", "hangyeol-demo.example", "02-0001-1"),
  organisation("supervisor-02", "바른엔지니어링", "Bareun Engineering", "bareun-demo.example", "02-0001-2"),
  organisation("supervisor-03", "누리건설사업관리", "Nuri Construction Management", "nuri-demo.example", "02-0001-3"),
  organisation("supervisor-04", "다온기술단", "Daon Technical Group", "daon-demo.example", "02-0001-4"),
  organisation("supervisor-05", "새솔감리", "Saesol Supervision", "saesol-demo.example", "02-0001-5"),
  organisation("supervisor-06", "도담씨엠", "Dodam CM", "dodam-demo.example", "02-0001-6"),
];

/** Contractors. Each wins several projects. */
// prettier-ignore
export const CONTRACTORS: readonly DemoOrganisation[] = [
  organisation("contractor-01", "가람종합건설", "Garam General Construction", "garam-demo.example", "02-0002-1"),
  organisation("contractor-02", "미르토건", "Mir Civil Works", "mir-demo.example", "02-0002-2"),
  organisation("contractor-03", "하늬건설", "Hanui Construction", "hanui-demo.example", "02-0002-3"),
  organisation("contractor-04", "온새미산업개발", "Onsaemi Industrial Development", "onsaemi-demo.example", "02-0002-4"),
  organisation("contractor-05", "아라건설", "Ara Construction", "ara-demo.example", "02-0002-5"),
  organisation("contractor-06", "너울종합건설", "Neoul General Construction", "neoul-demo.example", "02-0002-6"),
  organisation("contractor-07", "마루이앤씨", "Maru E&C", "maru-demo.example", "02-0002-7"),
  organisation("contractor-08", "별빛토건", "Byeolbit Civil Works", "byeolbit-demo.example", "02-0002-8"),
  organisation("contractor-09", "한울건설", "Hanul Construction", "hanul-demo.example", "02-0002-9"),
  organisation("contractor-10", "솔길건설", "Solgil Construction", "solgil-demo.example", "02-0003-1"),
  organisation("contractor-11", "그린웨이브건설", "Greenwave Construction", "greenwave-demo.example", "02-0003-2"),
  organisation("contractor-12", "이음엔지니어링건설", "Ieum Engineering and Construction", "ieum-demo.example", "02-0003-3"),
];

/** Korean family names with their usual romanisation. */
// prettier-ignore
export const FAMILY_NAMES: readonly BilingualName[] = [
  ["김", "Kim"], ["이", "Lee"], ["박", "Park"], ["최", "Choi"], ["정", "Jung"], ["강", "Kang"],
  ["조", "Cho"], ["윤", "Yoon"], ["장", "Jang"], ["임", "Lim"], ["한", "Han"], ["오", "Oh"],
  ["서", "Seo"], ["신", "Shin"],
].map(([ko, en]) => ({ ko: ko as string, en: en as string }));

/** Korean given names with a romanisation. */
// prettier-ignore
export const GIVEN_NAMES: readonly BilingualName[] = [
  ["민준", "Minjun"], ["서연", "Seoyeon"], ["지훈", "Jihun"], ["수빈", "Subin"], ["현우", "Hyunwoo"],
  ["지민", "Jimin"], ["도윤", "Doyun"], ["하은", "Haeun"], ["예준", "Yejun"], ["서준", "Seojun"],
  ["유진", "Yujin"], ["은지", "Eunji"], ["태호", "Taeho"], ["소연", "Soyeon"],
].map(([ko, en]) => ({ ko: ko as string, en: en as string }));
