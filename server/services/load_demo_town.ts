import type { Db } from '../db/db.ts';
import { generateDemoTown, type DemoTown } from '../demo_town/generate_demo_town.ts';
import { generateStaff } from '../demo_town/generate_staff.ts';
import { TOWN } from '../demo_town/names.ts';
import { upsertFacilities } from '../db/queries/upsert_facilities.ts';
import { upsertHouseholds } from '../db/queries/upsert_households.ts';
import { assignPointsToCells } from '../domain/assign/assign_points_to_cells.ts';
import { STATUS_NAMES, type AssignmentStatus } from '../domain/assign/locate_point.ts';
import { importAreasInto } from './import_areas.ts';
import { loadCellIndex } from './cell_index.ts';
import { registerStaff } from './register_staff.ts';

/**
 * Generates the demo town and loads it in one transaction, through the same import as users:
 * areas, then households and facilities assigned by the engine as they are written, then the
 * staff and party register. Returns the town (its basemap is drawn from it).
 */
export async function loadDemoTown(db: Db, log: (m: string) => void = () => undefined): Promise<DemoTown> {
  log('generating the demo town 青溪镇');
  const town = generateDemoTown();
  const register = generateStaff(town);
  log(`loading ${town.areas.features.length} areas, ${town.households.features.length} households, ${town.facilities.features.length} facilities, ${register.staff.length} staff`);
  await db.transaction(async (tx) => {
    // The demo's defects are gaps, overlaps and spills between valid polygons: every geometry
    // passes PostGIS's validity check.
    await importAreasInto(tx, town.areas);
    // The index is read through the transaction: the areas are not committed yet.
    const { index } = await loadCellIndex(tx);
    const assign = (points: typeof town.households.features) => {
      const r = assignPointsToCells(index, Float64Array.from(points, (f) => f.geometry.coordinates[0]), Float64Array.from(points, (f) => f.geometry.coordinates[1]));
      return (k: number) => ({
        cell_id: r.cell[k] < 0 ? null : index.cells.ids[r.cell[k]],
        assignment: STATUS_NAMES[r.status[k]] as AssignmentStatus,
        cell_candidates: r.ambiguous.get(k)?.map((h) => index.cells.ids[h]) ?? null,
      });
    };
    const householdCell = assign(town.households.features);
    const households = town.households.features.map((f, k) => {
      const [lon, lat] = f.geometry.coordinates;
      const { id, address, head_name, phone, people, floating, flags } = f.properties as Record<string, any>;
      return { region: TOWN.code, id, lon, lat, address, head_name, phone, people, floating, flags, ...householdCell(k) };
    });
    await upsertHouseholds(tx, households);
    const facilityCell = assign(town.facilities.features);
    await upsertFacilities(tx, town.facilities.features.map((f, k) => {
      const [lon, lat] = f.geometry.coordinates;
      const { id, name, category, address } = f.properties as Record<string, any>;
      return { region: TOWN.code, id, lon, lat, name, category, address, ...facilityCell(k) };
    }));
    const counts: Record<string, number> = {};
    for (const h of households) counts[h.assignment] = (counts[h.assignment] ?? 0) + 1;
    log(`assigned households: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    const r = await registerStaff(tx, {
      staff: register.staff.map((s) => ({ region: TOWN.code, ...s })),
      assignments: register.assignments.map((a) => ({ region: TOWN.code, ...a })),
      partyOrgs: register.partyOrgs.map((o) => ({ region: TOWN.code, ...o })),
    });
    log(`registered ${r.staff} staff in ${r.assignments} roles and ${r.partyOrgs} party organisations`);
  });
  return town;
}
