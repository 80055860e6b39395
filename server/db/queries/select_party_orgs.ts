import type { Queryable } from '../db.ts';

export interface PartyOrgListRow {
  code: string;
  name: string;
  kind: string;
  members: number;
  area_code: string | null;
  parent_code: string | null;
}

/** Party organisations attached to an area and everything under it (or everywhere). */
export async function selectPartyOrgs(db: Queryable, filter: { within?: string; kind?: string; limit?: number; scope?: string[] | null }): Promise<PartyOrgListRow[]> {
  return db.query<PartyOrgListRow>(
    `select o.code, o.name, o.kind, o.members, a.code as area_code, p.code as parent_code
       from party_org o
       left join area a on a.id = o.area_id
       left join party_org p on p.id = o.parent_id
      where ($1::text is null or a.path = (select path from area where code = $1::text)
                              or starts_with(a.path, (select path from area where code = $1::text) || '/'))
        and ($2::text is null or o.kind = $2::text)
        and ($4::text[] is null or string_to_array(a.path, '/') && $4::text[])
      order by o.code
      limit $3::int`,
    [filter.within ?? null, filter.kind ?? null, filter.limit ?? 1000, filter.scope ?? null],
  );
}
