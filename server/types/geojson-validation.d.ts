// geojson-validation ships no types; these cover the calls we make. With `trace` set, each check
// returns the list of problems found (empty when valid).
declare module 'geojson-validation' {
  type Check = (geojson: unknown, trace: true) => string[];
  const GJV: { isPolygon: Check; isMultiPolygon: Check; isPoint: Check; isFeatureCollection: Check; valid: Check };
  export default GJV;
}
