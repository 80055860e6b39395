import type { Queryable } from '../db.ts';

/**
 * Publishing, step 5: the open events inside `bbox` take the cell that now holds their point
 * (the deepest, lowest code first, as intake does), its grid ancestor and its path. Only events
 * whose cell, grid or path changed are written. Returns them with their old and new grid codes.
 */
export async function updateOpenEventsAfterPlan(db: Queryable, bbox: [number, number, number, number]): Promise<{ id: string; from: string | null; to: string | null }[]> {
  return db.query<{ id: string; from: string | null; to: string | null }>(
    `with open as (
       select e.region, e.id, e.geom, e.cell_id, e.grid_id, e.area_path from event e
        where e.status not in ('closed', 'cancelled') and e.geom && st_makeenvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)),
     found as (
       select o.region, o.id, o.cell_id as old_cell, o.grid_id as old_grid, o.area_path as old_path, c.id as cell_id, c.path,
              coalesce(gr.id, c.id) as grid_id
         from open o
         join lateral (
           select * from (select a.id, a.path, a.depth, a.code, a.geom from area a where a.geom && o.geom order by a.depth desc, a.code offset 0) cand
            where st_covers(cand.geom, o.geom) limit 1) c on true
         left join lateral (
           select g.id from area g where g.code = any(string_to_array(c.path, '/')) and g.level = 'grid' order by g.depth desc limit 1) gr on true),
     done as (
       update event e set cell_id = f.cell_id, grid_id = f.grid_id, area_path = f.path
         from found f
        where e.region = f.region and e.id = f.id
          and (f.old_cell is distinct from f.cell_id or f.old_grid is distinct from f.grid_id or f.old_path <> f.path)
       returning e.id, f.old_grid, f.grid_id)
     select done.id, og.code as "from", ng.code as "to"
       from done left join area og on og.id = done.old_grid left join area ng on ng.id = done.grid_id
      order by done.id`,
    bbox,
  );
}
