// robust-predicates ships no types; it comes with @turf/turf (through point-in-polygon-hao), and the
// engine uses the same exact orientation test so that its answers match Turf's on every point.
declare module 'robust-predicates' {
  export function orient2d(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number;
}
