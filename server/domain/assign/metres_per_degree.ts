/**
 * Metres per degree of longitude and of latitude at latitude `lat` on the WGS84 ellipsoid (series
 * expansion, good to centimetres): distances of a few metres are measured in metres, not degrees.
 *
 * @example metresPerDegree(0) // { x: 111319.5, y: 110574.3 } (rounded)
 */
export function metresPerDegree(lat: number): { x: number; y: number } {
  const f = (lat * Math.PI) / 180;
  return {
    x: 111412.84 * Math.cos(f) - 93.5 * Math.cos(3 * f) + 0.118 * Math.cos(5 * f),
    y: 111132.92 - 559.82 * Math.cos(2 * f) + 1.175 * Math.cos(4 * f) - 0.0023 * Math.cos(6 * f),
  };
}
