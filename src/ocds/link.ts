import type { Executor } from "../projects/store-rows.js";

/** A match between an OC4IDS contracting process id and an OCDS ocid. */
export interface OcidMatch {
  ocid: string;
  /** Name of the rule that matched; "exact" when the two are equal. */
  rule: string;
}

/** Finds the ocid, among `ocids`, that an OC4IDS contracting process id refers to. */
export type OcidMatcher = (processId: string, ocids: readonly string[]) => OcidMatch | undefined;

/**
 * Matches process ids to ocids by equality, then after removing a "Release-" prefix, then
 * allowing the ocid to add a numeric suffix (Nuevo León refers to
 * "Release-ocds-7wj9x5-SINL-CPE-018-2017" while its record has ocid
 * "ocds-7wj9x5-SINL-CPE-018-2017001"). A suffix match counts only when exactly one ocid fits.
 */
export const defaultOcidMatcher: OcidMatcher = (processId, ocids) => {
  if (ocids.includes(processId)) return { ocid: processId, rule: "exact" };
  const bare = processId.replace(/^release-/i, "");
  if (bare !== processId && ocids.includes(bare)) return { ocid: bare, rule: "release-prefix" };
  const suffixed = ocids.filter(
    (ocid) => ocid.startsWith(bare) && /^-?v?\d+$/.test(ocid.slice(bare.length)),
  );
  if (suffixed.length === 1 && suffixed[0]) return { ocid: suffixed[0], rule: "numeric-suffix" };
  return undefined;
};

/**
 * The ocids stored in `ocds_releases`, loaded once per import and kept up to date as the
 * import stores more releases.
 */
export class OcidIndex {
  private ocids: Set<string> | undefined;

  constructor(private readonly executor: Executor) {}

  private async load(): Promise<Set<string>> {
    if (!this.ocids) {
      const rows = await this.executor
        .selectFrom("ocds_releases")
        .select("ocid")
        .distinct()
        .where("data", "is not", null)
        .execute();
      this.ocids = new Set(rows.map((row) => row.ocid));
    }
    return this.ocids;
  }

  async has(ocid: string): Promise<boolean> {
    return (await this.load()).has(ocid);
  }

  async list(): Promise<string[]> {
    return [...(await this.load())];
  }

  async add(ocid: string): Promise<void> {
    (await this.load()).add(ocid);
  }
}
