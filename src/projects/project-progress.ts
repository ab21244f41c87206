/**
 * Returns the progress figures that describe a whole project: those recorded for the project
 * (`process_id` ''), else, when exactly one contracting process has figures, that process's.
 * A project with several processes and no figures of its own has no project progress: the
 * processes' figures measure different contracts and do not add up to the project's.
 */
export function projectProgressRows<Row extends { process_id: string }>(rows: Row[]): Row[] {
  const own = rows.filter((row) => row.process_id === "");
  if (own.length > 0) return own;
  const processes = new Set(rows.map((row) => row.process_id));
  return processes.size === 1 ? rows : [];
}
