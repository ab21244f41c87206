import type { JsonObject } from "../import/types.js";
import { canonicalJson } from "./store-rows.js";

/**
 * Merges the metrics of a stored version into a new one, for sources that state only the
 * latest figure, such as a spreadsheet row with one progress column. Each metric of the new
 * version keeps the stored observations and gains the new one: an observation for a date
 * already recorded replaces that one, and a figure equal to the latest recorded one adds
 * nothing. Stored metrics that the new version lacks are kept. Observation ids are renumbered
 * in date order.
 */
export function withProgressHistory(stored: JsonObject, incoming: JsonObject): JsonObject {
  const storedMetrics = objects(stored.metrics);
  const incomingMetrics = objects(incoming.metrics);
  if (storedMetrics.length === 0) return incoming;

  const merged = incomingMetrics.map((metric) => {
    const previous = storedMetrics.find((candidate) => candidate.id === metric.id);
    if (!previous) return metric;
    return { ...metric, observations: mergeObservations(previous, metric) };
  });
  for (const metric of storedMetrics) {
    if (!incomingMetrics.some((candidate) => candidate.id === metric.id)) merged.push(metric);
  }
  return { ...incoming, metrics: merged };
}

/** Returns true when two versions differ at most in their `updated` date. */
export function differOnlyInUpdated(a: JsonObject, b: JsonObject): boolean {
  const { updated: _a, ...restA } = a;
  const { updated: _b, ...restB } = b;
  return canonicalJson(restA) === canonicalJson(restB);
}

function mergeObservations(stored: JsonObject, incoming: JsonObject): JsonObject[] {
  const observations = objects(stored.observations).map((observation) => ({ ...observation }));
  for (const observation of objects(incoming.observations)) {
    const day = dayOf(observation);
    const sameDay = observations.findIndex((candidate) => dayOf(candidate) === day);
    if (sameDay >= 0) {
      observations[sameDay] = { ...observation };
      continue;
    }
    const latest = [...observations].sort(byDay).at(-1);
    if (latest && String(latest.measure) === String(observation.measure)) continue;
    observations.push({ ...observation });
  }
  return observations.sort(byDay).map((observation, index) => ({
    ...observation,
    id: String(index + 1),
  }));
}

function byDay(a: JsonObject, b: JsonObject): number {
  return dayOf(a).localeCompare(dayOf(b));
}

/** Returns the date an observation is for: the end of its period, else its start. */
function dayOf(observation: JsonObject): string {
  const period = observation.period;
  if (period === null || typeof period !== "object" || Array.isArray(period)) return "";
  const { endDate, startDate } = period as JsonObject;
  if (typeof endDate === "string") return endDate;
  return typeof startDate === "string" ? startDate : "";
}

function objects(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is JsonObject => item !== null && typeof item === "object" && !Array.isArray(item),
  );
}
