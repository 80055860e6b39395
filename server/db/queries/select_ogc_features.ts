import type { Queryable } from '../db.ts';
import type { DatetimeFilter } from '../../domain/ogc/parse_datetime.ts';

/** Where an OGC API collection's features come from. */
export type OgcSource = { kind: 'area'; level: string } | { kind: 'facility' } | { kind: 'event' };

// Per source: the rows (with `geom`, a feature `fid` and a `sort` key) and the JSON properties.
// Constant SQL fragments chosen by the caller's source kind; every value is a $n parameter.
const SOURCES = {
  area: {
    from: `area a left join area p on p.id = a.parent_id`,
    geom: 'a.geom',
    fid: 'a.code',
    path: 'a.path',
    time: null,
    filter: 'a.level = $1::text',
    properties: `json_build_object('code', a.code, 'name', a.name, 'level', a.level, 'kind', a.kind,
                   'parent_code', p.code, 'dedicated', a.kind not in ('base', 'village'))`,
  },
  facility: {
    from: `facility f left join area c on c.id = f.cell_id`,
    geom: 'f.geom',
    fid: 'f.id',
    path: 'c.path',
    time: null,
    filter: '$1::text is null',
    properties: `json_build_object('id', f.id, 'name', f.name, 'category', f.category, 'address', f.address,
                   'cell_code', c.code, 'assignment', f.assignment)`,
  },
  // No reporter, description or address: the collection is open to every analyst.
  event: {
    from: `event e left join area c on c.id = e.cell_id`,
    geom: 'e.geom',
    fid: 'e.id',
    path: 'e.area_path',
    /** What `datetime` filters on: when the event was reported. */
    time: 'e.reported_at',
    filter: '$1::text is null',
    properties: `json_build_object('id', e.id, 'category', e.category, 'severity', e.severity, 'status', e.status,
                   'level', e.level, 'source', e.source, 'cell_code', c.code, 'reported_at', e.reported_at,
                   'due_at', e.due_at, 'closed_at', e.closed_at)`,
  },
} as const;

const levelOf = (s: OgcSource) => (s.kind === 'area' ? s.level : null);
/** Rows in the caller's subtrees (`$n` holds their roots, null for everywhere); orphans only for everywhere. */
const inScope = (path: string, n: number) => `($${n}::text[] is null or string_to_array(${path}, '/') && $${n}::text[])`;

export interface OgcPage {
  /** The features as a GeoJSON array, built in SQL. */
  features: string;
  numberMatched: number;
  numberReturned: number;
}

/** Whether a collection's features have a time `datetime` can filter on (events: when reported). */
export const hasTime = (source: OgcSource): boolean => SOURCES[source.kind].time !== null;

/**
 * One page of a collection's features in a stable order: optionally those whose geometry
 * intersects bbox ([west, south, east, north], degrees: the true shapes, not their boxes) and,
 * for a collection with a time, within `datetime` (ignored for the others).
 */
export async function selectOgcItems(
  db: Queryable,
  source: OgcSource,
  opts: { bbox?: [number, number, number, number]; datetime?: DatetimeFilter; limit: number; offset: number; scope?: string[] | null },
): Promise<OgcPage> {
  const s = SOURCES[source.kind];
  const t = opts.datetime && s.time ? opts.datetime : null;
  const time = s.time
    ? ` and ($6::timestamptz is null or ${s.time} >= $6::timestamptz)
        and ($7::timestamptz is null or (case when $8::boolean then ${s.time} < $7::timestamptz else ${s.time} <= $7::timestamptz end))`
    : ' and $6::timestamptz is null and $7::timestamptz is null and $8::boolean is not null';
  const where = `${s.filter} and ${inScope(s.path, 5)} and ($2::float8[] is null or st_intersects(${s.geom}, st_makeenvelope($2[1], $2[2], $2[3], $2[4], 4326)))${time}`;
  const [row] = await db.query<OgcPage>(
    `select coalesce(json_agg(f.feature order by f.sort), '[]'::json)::text as features,
            count(*)::int as "numberReturned",
            (select count(*)::int from ${s.from} where ${where}) as "numberMatched"
       from (select ${s.fid} as sort,
                    json_build_object('type', 'Feature', 'id', ${s.fid},
                      'geometry', st_asgeojson(st_forcepolygonccw(${s.geom}), 7)::json, 'properties', ${s.properties}) as feature
               from ${s.from}
              where ${where}
              order by ${s.fid}
              limit $3::int offset $4::int) f`,
    [levelOf(source), opts.bbox ?? null, opts.limit, opts.offset, opts.scope ?? null, t?.start ?? null, t?.end ?? null, t?.endExclusive ?? false],
  );
  return row;
}

/** One feature as GeoJSON text, or undefined. */
export async function selectOgcItem(db: Queryable, source: OgcSource, id: string, scope: string[] | null = null): Promise<string | undefined> {
  const s = SOURCES[source.kind];
  const [row] = await db.query<{ feature: string }>(
    `select json_build_object('type', 'Feature', 'id', ${s.fid},
              'geometry', st_asgeojson(st_forcepolygonccw(${s.geom}), 7)::json, 'properties', ${s.properties})::text as feature
       from ${s.from}
      where ${s.filter} and ${s.fid} = $2::text and ${inScope(s.path, 3)}`,
    [levelOf(source), id, scope],
  );
  return row?.feature;
}

/** The collection's extent, [west, south, east, north], or null when it is empty. */
export async function selectOgcExtent(db: Queryable, source: OgcSource, scope: string[] | null = null): Promise<[number, number, number, number] | null> {
  const s = SOURCES[source.kind];
  const [row] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `select st_xmin(b) as w, st_ymin(b) as s, st_xmax(b) as e, st_ymax(b) as n
       from (select st_extent(${s.geom})::box2d as b from ${s.from} where ${s.filter} and ${inScope(s.path, 2)}) x`,
    [levelOf(source), scope],
  );
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null;
}

/** Whether the events register is installed (it comes with a later migration). */
export async function hasEventTable(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ present: boolean }>(`select to_regclass('event') is not null as present`);
  return row.present;
}
