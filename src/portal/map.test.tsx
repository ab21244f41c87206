import type { Child } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { GROUP_FROM, groupMarkers, MarkerMap, projectMarkers, type MapMarker } from "./map.js";

/** `count` markers spread over a grid of `side` × `side` points around Buenos Aires. */
function gridMarkers(count: number, side: number): MapMarker[] {
  return Array.from({ length: count }, (_, index) => ({
    latitude: -34.7 + (index % side) * (0.2 / side),
    longitude: -58.5 + Math.floor(index / side) * (0.2 / side),
    label: `Obra ${index + 1}`,
    href: `/projects/obra-${index + 1}`,
  }));
}

const noTiles = { url: undefined, attribution: undefined };

/** Renders a JSX element to its HTML text. */
function render(element: Child): string {
  return (element as { toString(): string }).toString();
}

describe("groupMarkers", () => {
  it("keeps every marker on its own below the grouping threshold", () => {
    const placed = projectMarkers(gridMarkers(GROUP_FROM - 1, 10));
    const groups = groupMarkers(placed);
    expect(groups).toHaveLength(GROUP_FROM - 1);
    expect(groups.every((group) => group.markers.length === 1)).toBe(true);
  });

  it("groups many markers by cell and loses none", () => {
    const placed = projectMarkers(gridMarkers(2000, 50));
    const groups = groupMarkers(placed);
    expect(groups.length).toBeLessThan(placed.length / 4);
    expect(groups.reduce((sum, group) => sum + group.markers.length, 0)).toBe(2000);
    const labels = new Set(groups.flatMap((group) => group.markers.map((marker) => marker.label)));
    expect(labels.size).toBe(2000);
  });

  it("keeps group circles apart so that they do not cover each other", () => {
    for (const markers of [gridMarkers(2000, 50), gridMarkers(1525, 40), gridMarkers(400, 7)]) {
      const groups = groupMarkers(projectMarkers(markers));
      let closest = Infinity;
      for (const [index, group] of groups.entries()) {
        for (const other of groups.slice(index + 1)) {
          closest = Math.min(closest, Math.hypot(group.x - other.x, group.y - other.y));
        }
      }
      // Twice the largest circle radius (12 units).
      expect(closest).toBeGreaterThanOrEqual(24);
    }
  });
});

describe("MarkerMap", () => {
  it("draws groups with their count and leaves out the marker list without tiles", () => {
    const html = render(
      <MarkerMap
        markers={gridMarkers(2000, 50)}
        label="Results"
        tiles={noTiles}
        groupLabel={(count) => `${count} projects here`}
      />,
    );
    expect(html).not.toContain("data-markers");
    const counts = [...html.matchAll(/<title>(\d+) projects here<\/title>/g)].map((match) =>
      Number(match[1]),
    );
    expect(counts.length).toBeGreaterThan(0);
    const single = html.match(/<a href="\/projects\/obra-\d+"/g)?.length ?? 0;
    expect(counts.reduce((sum, count) => sum + count, 0) + single).toBe(2000);
    expect(html.length).toBeLessThan(100_000);
  });

  it("keeps one link per marker and the marker list for a tiled map", () => {
    const markers = gridMarkers(3, 3);
    const html = render(
      <MarkerMap
        markers={markers}
        label="Results"
        tiles={{ url: "/tiles/{z}/{x}/{y}.png", attribution: "Tiles" }}
      />,
    );
    expect(html.match(/<a href="\/projects\/obra-\d+"/g)).toHaveLength(3);
    const list = /data-markers="([^"]*)"/.exec(html)?.[1] ?? "";
    expect(JSON.parse(list.replaceAll("&quot;", '"'))).toHaveLength(3);
  });
});
