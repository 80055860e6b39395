import type { Tile } from './tile_math.ts';
import { BUFFER } from './tile_math.ts';
import type { HouseholdIndex } from './household_index.ts';

/** From this zoom on, households are drawn as points; below it, as counts per bin. */
export const HOUSEHOLD_POINTS_FROM_ZOOM = 15;
/**
 * A tile with more households than this is binned whatever the zoom, to stay small and fast:
 * 10,000 points are about 150 KB and 30–70 ms (20,000 took up to 160 ms on a loaded machine, past
 * the 100 ms aim), and more than that in 512 pixels reads as a density anyway.
 */
export const HOUSEHOLD_POINTS_MAX = 10_000;
/** The side of a bin in tile units: 64 of 4096, i.e. 8 px of a 512 px tile, at most 4,096 bins a tile. */
export const HOUSEHOLD_BIN = 64;

/**
 * Households in tile z/x/y, as a layer `households`. Zoomed out, each feature is one bin of
 * 64×64 tile units with `count` (households) and `people`, placed at the bin's centre, each
 * household counted in exactly one tile; zoomed in, one point per household with `people` and
 * `floating`. Never a name, phone or address: the layer is public to every map user.
 * The binning keeps a tile of a million households to at most 4,096 small features (tens of KB).
 * Both are cut from an in-memory index (household_index.ts), not by SQL per tile: the design's
 * measurements put binning in Node at about a tenth of the time in SQL.
 */
export async function householdTile(
  tile: Tile,
  households: HouseholdIndex,
  /** For a caller held to some areas (`keep`), or one who may see aggregates only (bins of at least `minCount`, never points). */
  view: { keep?: (x: number, y: number) => boolean; aggregateOnly?: boolean; minCount?: number } = {},
): Promise<Uint8Array> {
  if (tile.z >= HOUSEHOLD_POINTS_FROM_ZOOM && !view.aggregateOnly) {
    const points = await households.pointTile(tile, BUFFER, HOUSEHOLD_POINTS_MAX, view.keep);
    if (points) return points;
  }
  return households.binTile(tile, HOUSEHOLD_BIN, view.keep, view.aggregateOnly ? view.minCount : 1);
}
