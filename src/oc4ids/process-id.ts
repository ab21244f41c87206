/**
 * Rules by which a contracting process id of an OC4IDS project is matched to an OCDS ocid:
 * - `exact`: the id is the ocid.
 * - `prefix-stripped`: the id is the ocid after removing a `Release-` or `Record-` prefix.
 * - `numeric-suffix`: the ocid is the stripped id followed by digits, and only one ocid is.
 */
export type ProcessMatchRule = "exact" | "prefix-stripped" | "numeric-suffix";

/** The ocid a process id was matched to, and the rule that matched it. */
export interface ProcessMatch {
  ocid: string;
  rule: ProcessMatchRule;
}

/**
 * Prefixes that some publishers put before an ocid in `contractingProcesses[].id`
 * (Nuevo León writes `Release-ocds-7wj9x5-SINL-CPE-018-2017`), compared without case.
 */
const ID_PREFIXES = /^(?:release|record)[-_:]/i;

/** Removes a `Release-` or `Record-` prefix and surrounding white space from a process id. */
export function normaliseProcessId(processId: string): string {
  return processId.trim().replace(ID_PREFIXES, "");
}

/**
 * Finds the ocid that a project's contracting process id refers to, trying the rules in the
 * order of ProcessMatchRule. Returns undefined when no rule matches, or when several different
 * ocids match the numeric-suffix rule (the same ocid listed twice counts once). Callers report
 * every non-exact match as a warning.
 */
export function matchProcessToOcid(
  processId: string,
  ocids: readonly string[],
): ProcessMatch | undefined {
  if (ocids.includes(processId)) return { ocid: processId, rule: "exact" };

  const stripped = normaliseProcessId(processId);
  if (stripped === "") return undefined;
  if (ocids.includes(stripped)) return { ocid: stripped, rule: "prefix-stripped" };

  // Nuevo León's ocids add a sequence number to the id the project uses: "…-2017" → "…-2017001".
  const candidates = new Set(
    ocids.filter((ocid) => ocid.startsWith(stripped) && /^\d+$/.test(ocid.slice(stripped.length))),
  );
  const [only] = candidates;
  if (candidates.size === 1 && only !== undefined) return { ocid: only, rule: "numeric-suffix" };
  return undefined;
}
