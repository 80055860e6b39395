/**
 * A local east/north plane in metres around an origin, for generating geometry at town scale,
 * and its way back to WGS84 degrees. Coordinates are rounded to 1e-7° (about 1 cm) so that a
 * vertex shared by two cells converts to the identical pair in both.
 */
export interface LocalPlane {
  toLonLat(x: number, y: number): [number, number];
  toXY(lon: number, lat: number): [number, number];
}

export function localPlane(lon0: number, lat0: number): LocalPlane {
  const mPerDegLat = 110_574;
  const mPerDegLon = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return {
    toLonLat: (x, y) => [round(lon0 + x / mPerDegLon), round(lat0 + y / mPerDegLat)],
    toXY: (lon, lat) => [(lon - lon0) * mPerDegLon, (lat - lat0) * mPerDegLat],
  };
}
