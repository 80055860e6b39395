import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { selectArea } from '../db/queries/select_area.ts';
import { selectRegions } from '../db/queries/select_regions.ts';
import { selectStaff } from '../db/queries/select_staff.ts';
import { selectStaffGaps } from '../db/queries/select_staff_gaps.ts';
import { registerStaff } from '../services/register_staff.ts';
import { selectStaffRoleAreas } from '../db/queries/select_staff_role_areas.ts';
import { selectStaffById } from '../db/queries/select_staff_by_id.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { actorOf, assertAreasInScope, commonAreaOf, queryArea, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';

export const ROLES = ['grid_leader', 'grid_worker', 'part_time_worker', 'police', 'property_manager', 'unit_leader', 'party_contact', 'volunteer'] as const;

const listQuery = z.object({
  within: z.string().optional(),
  role: z.enum(ROLES).optional(),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const checkQuery = z.object({ root: z.string().min(1), level: z.string().optional() });
const staffBody = z.object({
  region: z.string().optional(),
  staff: z.array(z.object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    phone: z.string().max(32).optional(),
    roles: z.array(z.object({ role: z.enum(ROLES), area: z.string().min(1) })).default([]),
  })).min(1).max(100_000),
});

/** The region a register write belongs to: the one named, or the only one there is. */
export async function registerRegion(db: Db, region: string | undefined): Promise<string> {
  const regions = await selectRegions(db);
  if (region && regions.includes(region)) return region;
  if (!region && regions.length === 1) return regions[0];
  const problem = region ? `unknown region "${region}"` : `the database holds ${regions.length} area trees; name one with "region"`;
  throw new ValidationError(`Staff register refused: ${problem}.`, [{ field: 'region', problem }]);
}

/**
 * /api/staff: the people of the grid network with their roles at areas ("1+1+1+N"), and the
 * check for grids lacking a leader (网格长), a full-time worker (专职网格员) or a party branch.
 * Phone numbers are personal data and are not served. Lists and the check need areas.read (the
 * network's names are posted in every community, 网格员公示); writes need staff.write over every
 * area the register names, and are audited.
 */
export function staffRouter(db: Db): Router {
  const router = Router();

  router.get('/', requirePermission(db, 'areas.read', queryArea('within')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    if (q.within && !(await selectArea(db, q.within))) throw new NotFoundError(`No area has code "${q.within}".`);
    res.json({ staff: await selectStaff(db, { ...q, scope: scopeOf(req, 'areas.read') }) });
  });

  router.get('/check', requirePermission(db, 'areas.read', queryArea('root')), async (req, res) => {
    const q = parseWith(checkQuery, req.query, 'query');
    if (!(await selectArea(db, q.root))) throw new NotFoundError(`No area has code "${q.root}".`);
    const level = q.level ?? 'grid';
    const rows = await selectStaffGaps(db, q.root, level);
    const missing = (r: (typeof rows)[number]) => [...(r.leader ? [] : ['grid_leader']), ...(r.worker ? [] : ['grid_worker']), ...(r.branch ? [] : ['party_branch'])];
    res.json({
      root: q.root,
      level,
      counts: { no_leader: rows.filter((r) => !r.leader).length, no_worker: rows.filter((r) => !r.worker).length, no_branch: rows.filter((r) => !r.branch).length },
      cells: rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, missing: missing(r) })),
    });
  });

  router.post('/', requirePermission(db, 'staff.write'), async (req, res) => {
    const body = parseWith(staffBody, req.body, 'body');
    const region = await registerRegion(db, body.region);
    const areas = body.staff.flatMap((s) => s.roles.map((r) => r.area));
    const result = await db.transaction(async (tx) => {
      await assertAreasInScope(tx, req.principal, 'staff.write', areas);
      // Writing a person rewrites their name and phone: someone who already serves elsewhere is
      // changed only by those who may write staff wherever they serve.
      const held = await selectStaffRoleAreas(tx, region, body.staff.map((s) => s.id));
      await assertAreasInScope(tx, req.principal, 'staff.write', held.map((h) => h.code), (outside) => {
        const people = [...new Set(held.filter((h) => outside.includes(h.code)).map((h) => h.staff_id))];
        return `, where ${people.slice(0, 5).join(', ')}${people.length > 5 ? ` and ${people.length - 5} more` : ''} already serve: their details are not yours to change`;
      });
      // A stored person with no role anywhere belongs to no area: only a role held everywhere rewrites them.
      const stored = await selectStaffById(tx, region, body.staff.map((s) => s.id));
      const roleless = stored.filter((s) => s.roles.length === 0);
      if (roleless.length && scopeOf(req, 'staff.write') !== null) throw new ForbiddenError(`${roleless.slice(0, 5).map((s) => s.id).join(', ')} ${roleless.length > 1 ? 'are' : 'is'} registered with no role in any area: only a role held everywhere may change them. Nothing was written.`);
      const written = await registerStaff(tx, {
        staff: body.staff.map((s) => ({ region, id: s.id, name: s.name, phone: s.phone ?? null })),
        assignments: body.staff.flatMap((s) => s.roles.map((r) => ({ region, staff_id: s.id, role: r.role, area_code: r.area }))),
        partyOrgs: [],
      });
      await insertAudit(tx, {
        actor: actorOf(req), action: 'staff.register', entity: 'staff', entityId: body.staff.length === 1 ? body.staff[0].id : null,
        areaCode: await commonAreaOf(tx, [...areas, ...held.map((h) => h.code)]),
        // Names and roles, not phone numbers: the audit log is read more widely than the register.
        before: stored.length ? { staff: stored.slice(0, 1000) } : null,
        after: { region, written, staff: body.staff.slice(0, 1000).map((s) => ({ id: s.id, name: s.name, roles: s.roles })) },
      });
      return written;
    });
    res.status(201).json(result);
  });

  return router;
}
