import type { Problem } from "../http/errors.js";

/**
 * Turns a daily report form into the JSON shape of `dailyReportInput`. Row fields are named
 * `list.row.field`; rows left blank are dropped. `rename` maps a problem path of the JSON shape
 * back to the form field, whose row number may differ once blank rows are gone.
 */
export function dailyReportFromForm(form: Record<string, string>): {
  input: Record<string, unknown>;
  rename: (problem: Problem) => Problem;
} {
  const rowIndexes: Record<string, number[]> = {};
  const rows = (list: string, fields: string[]) => {
    const found = new Map<number, Record<string, string>>();
    for (const [name, value] of Object.entries(form)) {
      const match = /^([a-z]+)\.(\d+)\.([a-zA-Z]+)$/.exec(name);
      if (!match || match[1] !== list || !fields.includes(match[3]!)) continue;
      const row = found.get(Number(match[2])) ?? {};
      row[match[3]!] = value;
      found.set(Number(match[2]), row);
    }
    const kept = [...found]
      .sort((a, b) => a[0] - b[0])
      .filter(([, row]) =>
        fields.some((field) => field !== "itemCode" && (row[field] ?? "").trim() !== ""),
      );
    rowIndexes[list] = kept.map(([index]) => index);
    return kept.map(([, row]) => row);
  };

  const input = {
    date: form.date ?? "",
    weather: form.weather ?? "",
    manpower: rows("manpower", ["trade", "count"]),
    equipment: rows("equipment", ["kind", "count"]),
    materials: rows("materials", ["material", "quantity", "unit"]),
    work: rows("work", ["itemCode", "quantity"]),
    issues: form.issues ?? "",
    photoReferences: (form.photoReferences ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ""),
  };
  const rename = (problem: Problem): Problem => {
    const match = /^([a-z]+)\.(\d+)(\..*)?$/.exec(problem.path);
    const original = match ? rowIndexes[match[1]!]?.[Number(match[2])] : undefined;
    if (!match || original === undefined) return problem;
    return { ...problem, path: `${match[1]}.${original}${match[3] ?? ""}` };
  };
  return { input, rename };
}

/**
 * Turns the schedule form's text areas into the JSON shape of `scheduleInput`. Items are lines
 * of `code | description | unit | quantity | unit price | weight`, periods lines of
 * `end | percent`.
 */
export function scheduleFromForm(form: Record<string, string>): Record<string, unknown> {
  const lines = (text: string | undefined) =>
    (text ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((line) => line.split("|").map((cell) => cell.trim()));
  return {
    periodUnit: form.periodUnit ?? "",
    note: form.note ?? "",
    items: lines(form.items).map(([code, description, unit, quantity, unitPrice, weight]) => ({
      code: code ?? "",
      description: description ?? "",
      unit: unit ?? "",
      quantity: quantity ?? "",
      unitPrice: unitPrice ?? "",
      ...(weight ? { weight } : {}),
    })),
    periods: lines(form.periods).map(([end, plannedPercent]) => ({
      end: end ?? "",
      plannedPercent: plannedPercent ?? "",
    })),
  };
}
