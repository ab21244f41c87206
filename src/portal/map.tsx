/** A point to draw on a map, linking to a page when `href` is set. */
export interface MapMarker {
  latitude: number;
  longitude: number;
  label: string;
  href?: string | undefined;
}

/** Map tiles for the script that replaces the drawn map with a Leaflet map. */
export interface TileSettings {
  url: string | undefined;
  attribution: string | undefined;
}

const WIDTH = 600;
const HEIGHT = 360;
const MARGIN = 24;
/** Degrees added around a single point, about 1 km, so that it is not drawn on the edge. */
const MIN_SPAN_DEGREES = 0.01;

/** A marker placed in SVG user units. */
export interface PlacedMarker extends MapMarker {
  x: number;
  y: number;
}

/**
 * Places markers in a WIDTH × HEIGHT box by an equirectangular projection of their bounding
 * box, with longitudes scaled by the cosine of the middle latitude so that distances keep
 * their proportions at city scale.
 */
export function projectMarkers(markers: MapMarker[]): PlacedMarker[] {
  if (markers.length === 0) return [];
  const latitudes = markers.map((marker) => marker.latitude);
  const longitudes = markers.map((marker) => marker.longitude);
  const south = Math.min(...latitudes);
  const north = Math.max(...latitudes);
  const west = Math.min(...longitudes);
  const east = Math.max(...longitudes);

  const middleLatitude = ((south + north) / 2) * (Math.PI / 180);
  const xScale = Math.cos(middleLatitude);
  const spanX = Math.max((east - west) * xScale, MIN_SPAN_DEGREES);
  const spanY = Math.max(north - south, MIN_SPAN_DEGREES);
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN) / spanY);
  const centreX = ((west + east) / 2) * xScale;
  const centreY = (south + north) / 2;

  return markers.map((marker) => ({
    ...marker,
    x: round(WIDTH / 2 + (marker.longitude * xScale - centreX) * scale),
    y: round(HEIGHT / 2 - (marker.latitude - centreY) * scale),
  }));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** From this many markers on, the drawn map groups nearby markers into one counted circle. */
export const GROUP_FROM = 150;
/** Side of the square cells, in SVG user units, that markers are first grouped by. */
const GROUP_CELL = 24;
/** Groups whose circles are closer than this, centre to centre, are drawn as one. */
const GROUP_DISTANCE = 24;
/** Largest radius of a group's circle: half of GROUP_DISTANCE, so circles do not overlap. */
const GROUP_RADIUS_MAX = GROUP_DISTANCE / 2;

/** Markers drawn as one circle: a single marker keeps its link, a group shows its count. */
export interface MarkerGroup {
  x: number;
  y: number;
  markers: PlacedMarker[];
}

/**
 * Groups placed markers so that a map of thousands of results stays small and readable.
 * Below GROUP_FROM markers every marker is its own group. Otherwise markers are grouped by
 * square cells of the drawn map, and then each group takes in the smaller groups whose
 * centres lie closer than GROUP_DISTANCE, so that no two circles cover each other. A group's
 * circle sits at the mean position of its markers.
 */
export function groupMarkers(placed: PlacedMarker[]): MarkerGroup[] {
  if (placed.length < GROUP_FROM) {
    return placed.map((marker) => ({ x: marker.x, y: marker.y, markers: [marker] }));
  }
  const cells = new Map<string, PlacedMarker[]>();
  for (const marker of placed) {
    const key = `${Math.floor(marker.x / GROUP_CELL)}/${Math.floor(marker.y / GROUP_CELL)}`;
    const cell = cells.get(key);
    if (cell) cell.push(marker);
    else cells.set(key, [marker]);
  }
  let groups = [...cells.values()].map(centred);
  // Merging moves a group's centre, which may bring it near another; repeat until none are.
  for (;;) {
    const merged = mergeNearGroups(groups);
    if (merged.length === groups.length) return merged;
    groups = merged;
  }
}

/** Merges each group into the first larger one whose centre is closer than GROUP_DISTANCE. */
function mergeNearGroups(groups: MarkerGroup[]): MarkerGroup[] {
  // The largest groups first, so that small ones join them rather than the reverse.
  const ordered = [...groups].sort(
    (a, b) => b.markers.length - a.markers.length || a.y - b.y || a.x - b.x,
  );
  const merged: MarkerGroup[] = [];
  for (const group of ordered) {
    const near = merged.find(
      (kept) => Math.hypot(kept.x - group.x, kept.y - group.y) < GROUP_DISTANCE,
    );
    if (!near) {
      merged.push({ ...group, markers: [...group.markers] });
      continue;
    }
    near.markers.push(...group.markers);
    Object.assign(near, centred(near.markers));
  }
  return merged;
}

function centred(markers: PlacedMarker[]): MarkerGroup {
  return {
    x: round(markers.reduce((sum, marker) => sum + marker.x, 0) / markers.length),
    y: round(markers.reduce((sum, marker) => sum + marker.y, 0) / markers.length),
    markers,
  };
}

/** Radius of a group's circle: grows with the square root of its count, capped. */
function groupRadius(count: number): number {
  return Math.min(7 + 0.5 * Math.sqrt(count - 1), GROUP_RADIUS_MAX);
}

/**
 * A map of markers drawn as SVG on the server, so that it shows with no tile server and no
 * script. Many markers are drawn in groups (see groupMarkers). With tile settings,
 * `portal.js` replaces it with a Leaflet map of the same markers; without them the marker
 * list is left out of the page, since only that script reads it.
 */
export function MarkerMap(props: {
  markers: MapMarker[];
  label: string;
  tiles: TileSettings;
  /** Text for a group of `count` markers; needed where GROUP_FROM markers can occur. */
  groupLabel?: (count: number) => string;
  small?: boolean;
}) {
  const groups = groupMarkers(projectMarkers(props.markers));
  const leafletMarkers = props.tiles.url
    ? JSON.stringify(
        props.markers.map((marker) => [
          marker.latitude,
          marker.longitude,
          marker.label,
          marker.href ?? "",
        ]),
      )
    : undefined;
  return (
    <div
      class={props.small ? "map map-small" : "map"}
      data-markers={leafletMarkers}
      data-tile-url={props.tiles.url}
      data-attribution={props.tiles.attribution}
    >
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label={props.label}
        xmlns="http://www.w3.org/2000/svg"
      >
        {groups.map((group) => {
          const [only] = group.markers;
          if (group.markers.length > 1 || !only) {
            const count = group.markers.length;
            return (
              <g class="map-group">
                <title>{props.groupLabel?.(count) ?? String(count)}</title>
                <circle class="map-marker" cx={group.x} cy={group.y} r={groupRadius(count)} />
                <text x={group.x} y={group.y} dy="0.35em" aria-hidden="true">
                  {count}
                </text>
              </g>
            );
          }
          return only.href ? (
            <a href={only.href} aria-label={only.label}>
              <title>{only.label}</title>
              <circle class="map-marker" cx={only.x} cy={only.y} r={7} />
            </a>
          ) : (
            <g>
              <title>{only.label}</title>
              <circle class="map-marker" cx={only.x} cy={only.y} r={7} />
            </g>
          );
        })}
      </svg>
    </div>
  );
}
