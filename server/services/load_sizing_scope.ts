import type { Queryable } from '../db/db.ts';
import { selectSizingAreas } from '../db/queries/select_sizing_areas.ts';
import { selectSizingGrids } from '../db/queries/select_sizing_grids.ts';
import { selectSizingTakenCodes } from '../db/queries/select_sizing_taken_codes.ts';
import { selectSizingUnits } from '../db/queries/select_sizing_units.ts';
import { selectSizingCounts } from '../db/queries/select_sizing_counts.ts';
import { sumCountsByAncestor } from '../domain/sizing/sum_counts_by_ancestor.ts';
import { selectUnitAdjacency } from '../db/queries/select_unit_adjacency.ts';
import { DEDICATED_KINDS } from '../domain/sizing/sizing_rule.ts';
import type { SizingScope } from '../domain/sizing/sizing_scope.ts';

/**
 * Everything a sizing proposal under `root` is computed from: units with households and their
 * current grid, unit adjacency by shared border (computed once, here), the grids (dedicated
 * ones fixed), their communities, and the codes a new grid must avoid.
 */
export async function loadSizingScope(db: Queryable, root: string, unitLevel: string, gridLevel: string): Promise<SizingScope> {
  // Sequential on purpose: PGlite is one connection, and a pg pool gains little here.
  const units = await selectSizingUnits(db, root, unitLevel, gridLevel);
  const counts = sumCountsByAncestor(await selectSizingCounts(db, root), units.map((u) => u.code));
  const adjacency = await selectUnitAdjacency(db, root, unitLevel);
  const gridRows = await selectSizingGrids(db, root, gridLevel);
  const containerCodes = [...new Set(units.map((u) => u.container))];
  const containers = (await selectSizingAreas(db, containerCodes)).map((a) => ({ code: a.code, name: a.name }));
  const taken = await selectSizingTakenCodes(db, containerCodes);
  return {
    units: units.map((u) => ({
      code: u.code, households: counts.get(u.code)!.households, areaM2: u.area_m2, perimeterM: u.perimeter_m, lon: u.lon, lat: u.lat,
      grid: u.grid, container: u.container,
    })),
    adjacency,
    grids: gridRows.map((g) => ({ code: g.code, name: g.name, kind: g.kind, container: g.container ?? g.code, fixed: DEDICATED_KINDS.has(g.kind) })),
    containers,
    takenCodes: new Set(taken),
  };
}
