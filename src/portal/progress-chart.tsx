import type { Translator } from "../i18n/index.js";
import type { Formatter } from "./format.js";

/** One progress figure: a calendar date and a share in percent. */
export interface ProgressPoint {
  observedOn: string;
  percent: number;
}

const WIDTH = 600;
const HEIGHT = 260;
const PLOT = { left: 48, right: 16, top: 36, bottom: 32 };
const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** Builds the SVG `points` list of a series inside the plot area. */
export function seriesPoints(
  series: ProgressPoint[],
  firstDay: number,
  lastDay: number,
): { x: number; y: number }[] {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const span = Math.max(lastDay - firstDay, 1);
  return series.map((point) => ({
    x:
      Math.round((PLOT.left + ((dayNumber(point.observedOn) - firstDay) / span) * plotWidth) * 10) /
      10,
    y: Math.round((PLOT.top + (1 - point.percent / 100) * plotHeight) * 10) / 10,
  }));
}

/**
 * A line chart of planned against actual progress (x = date, y = 0–100 %), drawn on the server
 * with a title, a description and a data table for readers who cannot see it.
 */
export function ProgressChart(props: {
  id: string;
  heading: string;
  planned: ProgressPoint[];
  actual: ProgressPoint[];
  t: Translator;
  format: Formatter;
}) {
  const { id, heading, planned, actual, t, format } = props;
  const days = [...planned, ...actual].map((point) => dayNumber(point.observedOn));
  const firstDay = Math.min(...days);
  const lastDay = Math.max(...days);
  const plannedPoints = seriesPoints(planned, firstDay, lastDay);
  const actualPoints = seriesPoints(actual, firstDay, lastDay);
  const toList = (points: { x: number; y: number }[]) =>
    points.map((point) => `${point.x},${point.y}`).join(" ");

  const firstDate = new Date(firstDay * DAY_MS).toISOString().slice(0, 10);
  const lastDate = new Date(lastDay * DAY_MS).toISOString().slice(0, 10);
  const latest = (series: ProgressPoint[]) => {
    const last = series.at(-1);
    return last ? format.percent(last.percent) : t.messages.notStated;
  };
  const description = t.text("progressChartDescription", {
    kind: heading.toLowerCase(),
    from: format.date(firstDate),
    to: format.date(lastDate),
    actual: latest(actual),
    planned: latest(planned),
  });
  const plotBottom = HEIGHT - PLOT.bottom;

  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{heading}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 25, 50, 75, 100].map((tick) => {
          const y = PLOT.top + (1 - tick / 100) * (HEIGHT - PLOT.top - PLOT.bottom);
          return (
            <g class="chart-grid">
              <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y} y2={y} />
              <text x={PLOT.left - 6} y={y + 4} text-anchor="end">
                {`${tick}%`}
              </text>
            </g>
          );
        })}
        <text class="chart-axis" x={PLOT.left} y={plotBottom + 20}>
          {format.date(firstDate)}
        </text>
        <text class="chart-axis" x={WIDTH - PLOT.right} y={plotBottom + 20} text-anchor="end">
          {format.date(lastDate)}
        </text>
        <g class="chart-legend">
          <line class="series-planned" x1={PLOT.left} x2={PLOT.left + 28} y1={14} y2={14} />
          <text x={PLOT.left + 34} y={18}>
            {t.messages.progressPlanned}
          </text>
          <line class="series-actual" x1={PLOT.left + 150} x2={PLOT.left + 178} y1={14} y2={14} />
          <text x={PLOT.left + 184} y={18}>
            {t.messages.progressActual}
          </text>
        </g>
        <polyline class="series-planned" data-series="planned" points={toList(plannedPoints)} />
        <polyline class="series-actual" data-series="actual" points={toList(actualPoints)} />
        {actualPoints.map((point) => (
          <circle class="series-actual-point" cx={point.x} cy={point.y} r={3} />
        ))}
      </svg>
      <details>
        <summary>{t.messages.progressTable}</summary>
        <ProgressTable planned={planned} actual={actual} t={t} format={format} />
      </details>
    </figure>
  );
}

function ProgressTable(props: {
  planned: ProgressPoint[];
  actual: ProgressPoint[];
  t: Translator;
  format: Formatter;
}) {
  const { planned, actual, t, format } = props;
  const dates = [...new Set([...planned, ...actual].map((point) => point.observedOn))].sort();
  const valueOn = (series: ProgressPoint[], date: string) => {
    const point = series.find((candidate) => candidate.observedOn === date);
    return point ? format.percent(point.percent) : "";
  };
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.messages.progressDate}</th>
          <th scope="col">{t.messages.progressPlanned}</th>
          <th scope="col">{t.messages.progressActual}</th>
        </tr>
      </thead>
      <tbody>
        {dates.map((date) => (
          <tr>
            <th scope="row">{format.date(date)}</th>
            <td>{valueOn(planned, date)}</td>
            <td>{valueOn(actual, date)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
