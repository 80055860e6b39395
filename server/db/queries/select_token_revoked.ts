import type { Queryable } from '../db.ts';

/** Whether the token `jti` was signed out. */
export async function selectTokenRevoked(db: Queryable, jti: string): Promise<boolean> {
  const rows = await db.query(`select 1 from revoked_token where jti = $1::text`, [jti]);
  return rows.length > 0;
}
