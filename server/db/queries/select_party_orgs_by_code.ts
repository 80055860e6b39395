import type { Queryable } from '../db.ts';

export interface StoredPartyOrg {
  code: string;
  name: string;
  kind: string;
  /** The area it is attached to; null: none (it belongs to every area). */
  area_code: string | null;
  parent_code: string | null;
  members: number;
}

/** The stored party organisations with these codes, as an upsert would overwrite them. */
export async function selectPartyOrgsByCode(db: Queryable, codes: readonly string[]): Promise<StoredPartyOrg[]> {
  return db.query<StoredPartyOrg>(
    `select o.code, o.name, o.kind, a.code as area_code, p.code as parent_code, o.members
       from party_org o left join area a on a.id = o.area_id left join party_org p on p.id = o.parent_id
      where o.code = any($1::text[])
      order by o.code`,
    [codes],
  );
}
