import type { Db } from '../../db/db.ts';
import { selectUsers } from '../../db/queries/select_users.ts';
import { createUser } from './manage_users.ts';
import type { Role } from '../../domain/access/permissions.ts';

/**
 * The first administrator, from GRIDWORK_ADMIN_USER and GRIDWORK_ADMIN_PASSWORD, made when no
 * user of that name exists. Returns the username made, or null.
 */
export async function ensureAdmin(db: Db, username: string | undefined, password: string | undefined): Promise<string | null> {
  if (!username || !password) return null;
  if ((await selectUsers(db, username)).length) return null;
  await createUser(db, 'system', { username, password, displayName: 'Administrator', grants: [{ role: 'admin', areaCode: null }] });
  return username;
}

export const DEMO_PASSWORD = 'gridwork-demo';

/**
 * One demo user per role on the demo town, so that a newcomer is never locked out of their own
 * demo: the town for most roles, one grid for the grid worker. Only for the embedded demo.
 */
export async function createDemoUsers(db: Db, townCode: string, gridCode: string): Promise<{ username: string; role: Role; area: string | null }[]> {
  const demo: { username: string; role: Role; area: string | null; canPublish?: boolean; name: string }[] = [
    { username: 'admin', role: 'admin', area: null, name: '系统管理员' },
    { username: 'planner', role: 'planner', area: townCode, canPublish: true, name: '规划员' },
    { username: 'dispatcher', role: 'dispatcher', area: townCode, name: '指挥中心调度员' },
    { username: 'gridworker', role: 'grid_worker', area: gridCode, name: '专职网格员' },
    { username: 'analyst', role: 'analyst', area: townCode, name: '分析员' },
    { username: 'viewer', role: 'viewer', area: townCode, name: '访客' },
  ];
  for (const u of demo) {
    if ((await selectUsers(db, u.username)).length) continue;
    await createUser(db, 'system', { username: u.username, password: DEMO_PASSWORD, displayName: u.name, grants: [{ role: u.role, areaCode: u.area, canPublish: u.canPublish }] });
  }
  return demo.map(({ username, role, area }) => ({ username, role, area }));
}
