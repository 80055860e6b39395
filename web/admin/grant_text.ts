import { m, mValue } from './messages.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

export type UserGrant = UserRow['grants'][number];

/**
 * An area as people name it: its name and code, or 全域/everywhere for none.
 *
 *   areaText('330782101', '青溪镇')  // → '青溪镇 · 330782101'
 */
export function areaText(code: string | null, name: string | null | undefined): string {
  if (code === null) return m('everywhere');
  return name ? `${name} · ${code}` : code;
}

/**
 * A grant as one line: role @ area, and whether a planner may publish.
 *
 *   grantText({ role: 'grid_worker', area_code: '330782101001', area_name: '一网格', can_publish: false, id: 1 })
 *   // → '网格员 @ 一网格 · 330782101001'
 */
export function grantText(g: Pick<UserGrant, 'role' | 'area_code' | 'area_name' | 'can_publish'>): string {
  const publish = g.can_publish && g.role === 'planner' ? ` (${m('canPublish')})` : '';
  return `${mValue('role', g.role)} @ ${areaText(g.area_code, g.area_name)}${publish}`;
}
