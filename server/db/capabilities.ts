import type { Capabilities, Queryable } from './db.ts';

/**
 * What this PostGIS build can do. ST_AsMVT is probed by calling it: PGlite's PostGIS lists the
 * function in pg_proc but raises "Compiled without protobuf-c support" when it runs.
 */
export async function probeCapabilities(db: Queryable): Promise<Capabilities> {
  const [row] = await db.query<{ version: string; coverage: boolean }>(
    `select postgis_lib_version() as version,
            exists(select 1 from pg_proc where proname = 'st_coverageinvalidedges') as coverage`,
  );
  let asMvt = true;
  try {
    await db.query(
      `select st_asmvt(t) from (select st_asmvtgeom(st_point(1, 1), st_makeenvelope(0, 0, 2, 2)) as g) t`,
    );
  } catch {
    asMvt = false;
  }
  return { asMvt, coverageFunctions: row.coverage, postgisVersion: row.version };
}
