import type { Queryable } from '../db.ts';

export interface PartyOrgRow {
  region: string;
  code: string;
  name: string;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  area_code: string | null;
  parent_code: string | null;
  members: number;
}

/**
 * Inserts party organisations or updates those whose code exists, attaching each to its area and
 * its parent organisation by code (the parent may be in the same batch). Returns the area and
 * parent codes that name nothing.
 */
export async function upsertPartyOrgs(db: Queryable, rows: PartyOrgRow[]): Promise<{ written: number; unknownAreas: string[]; unknownParents: string[] }> {
  const params = [
    rows.map((o) => o.region), rows.map((o) => o.code), rows.map((o) => o.name), rows.map((o) => o.kind),
    rows.map((o) => o.area_code), rows.map((o) => o.parent_code), rows.map((o) => o.members),
  ];
  const [w] = await db.query<{ n: number; unknown: string[] }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
         as i(region, code, name, kind, area_code, parent_code, members)),
     written as (
       insert into party_org (region, code, name, kind, area_id, members)
       select i.region, i.code, i.name, i.kind, a.id, i.members from input i left join area a on a.code = i.area_code
       on conflict (code) do update set region = excluded.region, name = excluded.name, kind = excluded.kind,
         area_id = excluded.area_id, members = excluded.members
       returning 1)
     select (select count(*) from written)::int as n,
            coalesce((select array_agg(distinct i.area_code) from input i
                       where i.area_code is not null and not exists (select 1 from area a where a.code = i.area_code)), '{}') as unknown`,
    params,
  );
  // Parents second: a parent named in the same batch exists only once the insert above ran.
  const [p] = await db.query<{ unknown: string[] }>(
    `with input as (select * from unnest($1::text[], $2::text[]) as i(code, parent_code)),
     linked as (
       update party_org o set parent_id = p.id from input i left join party_org p on p.code = i.parent_code
        where o.code = i.code
       returning i.parent_code, p.id as parent_id)
     select coalesce(array_agg(distinct parent_code) filter (where parent_code is not null and parent_id is null), '{}') as unknown from linked`,
    [params[1], params[5]],
  );
  return { written: w.n, unknownAreas: w.unknown, unknownParents: p.unknown };
}
