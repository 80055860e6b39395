import type { Db } from '../db/db.ts';
import { generateDemoTown } from '../../scripts/demo_town/generate_demo_town.ts';
import { TOWN } from '../../scripts/demo_town/names.ts';
import { assignPendingPoints } from '../db/queries/assign_pending_points.ts';
import { upsertFacilities } from '../db/queries/upsert_facilities.ts';
import { upsertHouseholds } from '../db/queries/upsert_households.ts';
import { importAreasInto } from './import_areas.ts';

const BATCH = 10_000;

/** Generates the demo town and loads it in one transaction, through the same import as users. */
export async function loadDemoTown(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  log('generating the demo town 青溪镇');
  const town = generateDemoTown();
  log(`loading ${town.areas.features.length} areas, ${town.households.features.length} households, ${town.facilities.features.length} facilities`);
  await db.transaction(async (tx) => {
    // The demo's defects are gaps, overlaps and spills between valid polygons: every geometry
    // passes PostGIS's validity check.
    await importAreasInto(tx, town.areas);
    const households = town.households.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const { id, address, head_name, phone, people, floating, flags } = f.properties as Record<string, any>;
      return { region: TOWN.code, id, lon, lat, address, head_name, phone, people, floating, flags };
    });
    for (let i = 0; i < households.length; i += BATCH) await upsertHouseholds(tx, households.slice(i, i + BATCH));
    await upsertFacilities(tx, town.facilities.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const { id, name, category, address } = f.properties as Record<string, any>;
      return { region: TOWN.code, id, lon, lat, name, category, address };
    }));
    const h = await assignPendingPoints(tx, 'household');
    const f = await assignPendingPoints(tx, 'facility');
    log(`assigned ${h.assigned} households (${h.orphans} outside every area) and ${f.assigned} facilities`);
  });
}
