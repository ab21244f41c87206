import { sha256Hex } from "../files/store.js";
import type { Random } from "./random.js";
import type { BilingualName } from "./seoul.js";

/** A generated site photo, ready for the file store. */
export interface DemoPhoto {
  sha256: string;
  bytes: Buffer;
  contentType: string;
}

/** The content of a site photo. */
export interface SitePhotoScene {
  title: BilingualName;
  /** Date the photo was taken, YYYY-MM-DD. */
  date: string;
  /** Physical progress in percent, which sets the height of the structure. */
  percent: number;
}

const SKY_BY_MONTH = [
  "#c9d6e3",
  "#cdd9e6",
  "#bfe0f5",
  "#b3dcf7",
  "#a8d8f7",
  "#9fd2f2",
  "#98cdee",
  "#9fd2f2",
  "#acd9f3",
  "#bcdcee",
  "#c6d5e2",
  "#ccd6df",
];

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * Draws a simple construction site as SVG: sky by season, a fence, a crane and a structure
 * whose height follows the progress, with the project name, date and progress written on it.
 * The result is about 2 KB.
 */
export function drawSitePhoto(scene: SitePhotoScene, random: Random): DemoPhoto {
  const month = Number(scene.date.slice(5, 7)) - 1;
  const sky = SKY_BY_MONTH[month] ?? "#bfe0f5";
  const ground = 230;
  const share = Math.min(Math.max(scene.percent / 100, 0), 1);
  const floors = Math.max(1, Math.round(share * 8));
  const floorHeight = 16;
  const width = random.integer(130, 190);
  const left = random.integer(150, 230);
  const top = ground - floors * floorHeight;
  const craneX = left + width + random.integer(20, 50);

  const floorLines = Array.from({ length: floors - 1 }, (_, i) => {
    const y = ground - (i + 1) * floorHeight;
    return `<line x1="${left}" y1="${y}" x2="${left + width}" y2="${y}" stroke="#8a8a8a"/>`;
  }).join("");
  const finished = share >= 1;

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320" viewBox="0 0 480 320">`,
    `<rect width="480" height="${ground}" fill="${sky}"/>`,
    `<rect y="${ground}" width="480" height="${320 - ground}" fill="#b59b7a"/>`,
    `<rect x="${left}" y="${top}" width="${width}" height="${ground - top}" fill="${finished ? "#e8e2d6" : "#c9c4bb"}" stroke="#6f6f6f"/>`,
    floorLines,
    finished
      ? ""
      : `<line x1="${craneX}" y1="${ground}" x2="${craneX}" y2="40" stroke="#e0a100" stroke-width="6"/>` +
        `<line x1="${craneX - 90}" y1="46" x2="${craneX + 40}" y2="46" stroke="#e0a100" stroke-width="5"/>` +
        `<line x1="${craneX - 70}" y1="46" x2="${craneX - 70}" y2="${Math.max(top - 10, 60)}" stroke="#444"/>`,
    `<rect x="20" y="${ground - 24}" width="440" height="24" fill="none" stroke="#2f6b3a" stroke-width="3" stroke-dasharray="10 6"/>`,
    `<rect y="250" width="480" height="70" fill="#000" fill-opacity="0.55"/>`,
    `<text x="12" y="272" font-family="sans-serif" font-size="15" fill="#fff">${escapeXml(scene.title.ko)}</text>`,
    `<text x="12" y="291" font-family="sans-serif" font-size="13" fill="#fff">${escapeXml(scene.title.en)}</text>`,
    `<text x="12" y="310" font-family="sans-serif" font-size="12" fill="#fff">${scene.date} · 공정률 / progress ${scene.percent.toFixed(1)}%</text>`,
    `</svg>`,
  ].join("");

  const bytes = Buffer.from(svg, "utf8");
  return { sha256: sha256Hex(bytes), bytes, contentType: "image/svg+xml" };
}
