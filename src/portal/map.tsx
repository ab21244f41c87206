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

/**
 * A map of markers drawn as SVG on the server, so that it shows with no tile server and no
 * script. With tile settings, `portal.js` replaces it with a Leaflet map of the same markers.
 */
export function MarkerMap(props: {
  markers: MapMarker[];
  label: string;
  tiles: TileSettings;
  small?: boolean;
}) {
  const placed = projectMarkers(props.markers);
  const leafletMarkers = props.markers.map((marker) => [
    marker.latitude,
    marker.longitude,
    marker.label,
    marker.href ?? "",
  ]);
  return (
    <div
      class={props.small ? "map map-small" : "map"}
      data-markers={JSON.stringify(leafletMarkers)}
      data-tile-url={props.tiles.url}
      data-attribution={props.tiles.attribution}
    >
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label={props.label}
        xmlns="http://www.w3.org/2000/svg"
      >
        {placed.map((marker) =>
          marker.href ? (
            <a href={marker.href} aria-label={marker.label}>
              <title>{marker.label}</title>
              <circle class="map-marker" cx={marker.x} cy={marker.y} r={7} />
            </a>
          ) : (
            <g>
              <title>{marker.label}</title>
              <circle class="map-marker" cx={marker.x} cy={marker.y} r={7} />
            </g>
          ),
        )}
      </svg>
    </div>
  );
}
