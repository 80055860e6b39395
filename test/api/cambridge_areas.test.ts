import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { realDataMissing, readRealJson } from '../helpers/real_data.ts';
import { importAreas } from '../../server/services/import_areas.ts';

const CITY = 'cambridge/BOUNDARY_CityBoundary.geojson';
const HOODS = 'cambridge/BOUNDARY_CDDNeighborhoods.geojson';
const BLOCKS = 'cambridge/DEMOGRAPHICS_Blocks2020.geojson';
const missing = realDataMissing(CITY, HOODS, BLOCKS);

describe.skipIf(missing)('Cambridge, MA as city → neighbourhood → census block (real data)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('empty');
  });
  afterAll(async () => t?.drop());

  it('imports each level with its own field names and finds the blocks\' parents by location', async () => {
    expect(await importAreas(t.db, readRealJson(CITY), { code: 'cambridge', name: 'Cambridge', level: 'city' })).toMatchObject({ written: 1 });
    expect(await importAreas(t.db, readRealJson(HOODS), { codeField: 'N_HOOD', nameField: 'NAME', level: 'neighbourhood', parent: 'cambridge' })).toMatchObject({ written: 13 });
    expect(await importAreas(t.db, readRealJson(BLOCKS), { codeField: 'GEOID20', nameField: 'NAME20', level: 'block', parentLevel: 'neighbourhood' })).toMatchObject({ written: 1044 });

    const levels = await t.db.query<{ level: string; depth: number; n: number }>('select level, depth, count(*)::int as n from area group by 1, 2 order by 2');
    expect(levels).toEqual([
      { level: 'city', depth: 0, n: 1 },
      { level: 'neighbourhood', depth: 1, n: 13 },
      { level: 'block', depth: 2, n: 1044 },
    ]);
    // Every neighbourhood holds blocks and the blocks tile the city. Census blocks and the city's
    // neighbourhoods are drawn by different offices and do not nest (one block is 87% outside the
    // city line), so each block's parent is checked against an independent recomputation of the
    // rule: the neighbourhood with the largest overlap, measured on the spheroid over all 13.
    const [row] = await t.db.query<{ hoods: number; ratio: number; disagree: number }>(
      `select count(distinct b.parent_id)::int as hoods,
              sum(st_area(b.geom::geography)) / (select st_area(geom::geography) from area where level = 'city') as ratio,
              count(*) filter (where best.id <> b.parent_id)::int as disagree
         from area b
        cross join lateral (select x.id from area x where x.level = 'neighbourhood'
                             order by st_area(st_intersection(x.geom, b.geom)::geography) desc limit 1) as best
        where b.level = 'block'`,
    );
    expect(row.hoods).toBe(13);
    expect(row.ratio).toBeCloseTo(1, 2);
    expect(row.disagree).toBe(0);
  });
});
