import type { JsonObject } from "../import/types.js";
import { TEMPLATES } from "./catalogue.js";
import { dayOf, isoDate } from "./dates.js";
import type { DemoPhoto } from "./photos.js";
import { apportionStatuses, planProject } from "./plan.js";
import { buildProject } from "./project.js";
import { createRandom } from "./random.js";
import { DISTRICTS } from "./seoul.js";

/** Seed used when none is given. */
export const DEFAULT_DEMO_SEED = 2011;

/** The day the demo is generated as of when no date is given: 30 June 2025. */
export const DEFAULT_DEMO_NOW = new Date("2025-06-30T03:00:00Z");

/** Id of the demo jurisdiction; its projects' ids start with DEMO_ID_PREFIX. */
export const DEMO_JURISDICTION_ID = "demo-seoul";

/** OC4IDS project id prefix of the demo publisher. */
export const DEMO_ID_PREFIX = "oc4ids-demo00-";

/** Publisher block of the demo package. */
export const DEMO_PUBLISHER = { name: "Clean Construction demo", uid: "demo" };

/** Options of `generateDemoPackage`. */
export interface DemoOptions {
  /** Seed of the pseudo-random choices; the same seed and options give the same output. */
  seed?: number;
  /** Number of projects, 1 or more (default 40). */
  projectCount?: number;
  /** The date the demo is generated as of; statuses, progress and payments follow it. */
  now?: Date;
  /**
   * Absolute base URL of the server, used in photo URLs (`<baseUrl>/files/<sha256>`) and the
   * package URI. OC4IDS requires absolute URIs there. Default `http://localhost:3000`.
   */
  baseUrl?: string;
}

/** A row for the `jurisdictions` table, with `name` as an object. */
export interface DemoJurisdiction {
  id: string;
  name: Record<string, string>;
  country: string;
  currency: string;
  time_zone: string;
  default_language: string;
  is_demo: true;
}

/** The demo jurisdiction, its OC4IDS 0.9 project package and the photos it links to. */
export interface DemoOutput {
  jurisdiction: DemoJurisdiction;
  package: JsonObject;
  photos: DemoPhoto[];
}

/**
 * Generates a demo jurisdiction: Seoul (about 9.4 million people on 605 km², 25 districts)
 * with `projectCount` public works of every OC4IDS project type, in several sectors and
 * statuses, with budgets from about 100 million to 500 billion won.
 *
 * Titles and names are written "Korean / English" and descriptions are Korean, a blank line,
 * then English, so both languages search and display without a translation step. The
 * project `language` is "ko" because Korean comes first. Addresses are in Korean.
 */
export function generateDemoPackage(options: DemoOptions = {}): DemoOutput {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const projectCount = options.projectCount ?? 40;
  if (!Number.isInteger(projectCount) || projectCount < 1) {
    throw new RangeError(`projectCount must be a positive integer, got ${projectCount}`);
  }
  const now = options.now ?? DEFAULT_DEMO_NOW;
  const baseUrl = (options.baseUrl ?? "http://localhost:3000").replace(/\/+$/, "");
  const today = dayOf(now);
  const random = createRandom(seed);

  const districts = random.shuffle(DISTRICTS);
  const templates = random.shuffle(TEMPLATES);
  const statuses = random.shuffle(apportionStatuses(projectCount));

  const projects: JsonObject[] = [];
  const photos = new Map<string, DemoPhoto>();
  for (let index = 0; index < projectCount; index++) {
    const plan = planProject(random, {
      id: `${DEMO_ID_PREFIX}${String(index + 1).padStart(6, "0")}`,
      district: districts[index % districts.length]!,
      template: templates[index % templates.length]!,
      status: statuses[index]!,
      today,
    });
    const built = buildProject(plan, random, today, baseUrl);
    projects.push(built.project);
    for (const photo of built.photos) photos.set(photo.sha256, photo);
  }

  return {
    jurisdiction: {
      id: DEMO_JURISDICTION_ID,
      name: { en: "Seoul (demo)", ko: "서울 (데모)", es: "Seúl (demostración)" },
      country: "KR",
      currency: "KRW",
      time_zone: "Asia/Seoul",
      default_language: "ko",
      is_demo: true,
    },
    package: {
      uri: `${baseUrl}/demo/oc4ids-${isoDate(today)}.json`,
      version: "0.9",
      publishedDate: now.toISOString(),
      publisher: { ...DEMO_PUBLISHER },
      license: "https://creativecommons.org/publicdomain/zero/1.0/",
      projects,
    },
    photos: [...photos.values()],
  };
}
