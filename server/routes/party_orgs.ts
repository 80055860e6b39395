import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { selectArea } from '../db/queries/select_area.ts';
import { selectPartyOrgs } from '../db/queries/select_party_orgs.ts';
import { selectPartyOrgsByCode } from '../db/queries/select_party_orgs_by_code.ts';
import { registerStaff } from '../services/register_staff.ts';
import { registerRegion } from './staff.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { actorOf, assertAreasInScope, commonAreaOf, queryArea, requirePermission, scopeOf } from './access.ts';
import { newCode, parseWith } from './validate.ts';

const KINDS = ['committee', 'general_branch', 'branch', 'group'] as const;
const listQuery = z.object({ within: z.string().optional(), kind: z.enum(KINDS).optional(), limit: z.coerce.number().int().positive().max(10_000).optional() });
const orgsBody = z.object({
  region: z.string().optional(),
  orgs: z.array(z.object({
    code: newCode,
    name: z.string().min(1).max(200),
    kind: z.enum(KINDS),
    area: z.string().min(1).nullable().optional(),
    parent: z.string().min(1).nullable().optional(),
    members: z.number().int().min(0).optional(),
  })).min(1).max(10_000),
});

/** /api/party-orgs: party committees, branches (一网格一支部) and groups attached to areas. */
export function partyOrgsRouter(db: Db): Router {
  const router = Router();

  router.get('/', requirePermission(db, 'areas.read', queryArea('within')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    if (q.within && !(await selectArea(db, q.within))) throw new NotFoundError(`No area has code "${q.within}".`);
    res.json({ party_orgs: await selectPartyOrgs(db, { ...q, scope: scopeOf(req, 'areas.read') }) });
  });

  router.post('/', requirePermission(db, 'staff.write'), async (req, res) => {
    const body = parseWith(orgsBody, req.body, 'body');
    const region = await registerRegion(db, body.region);
    const areas = body.orgs.flatMap((o) => (o.area ? [o.area] : []));
    const result = await db.transaction(async (tx) => {
      // An organisation attached to no area belongs to everyone: only a role held everywhere may write it.
      if (areas.length < body.orgs.length && scopeOf(req, 'staff.write') !== null) throw new ForbiddenError('An organisation with no area applies everywhere: your roles are held in some areas only; attach it to one of them.');
      await assertAreasInScope(tx, req.principal, 'staff.write', areas);
      // An upsert overwrites the stored organisation of the same code: it must be the writer's too,
      // wherever it is attached now (a branch of the community next door is not theirs to take).
      const stored = await selectPartyOrgsByCode(tx, body.orgs.map((o) => o.code));
      const everywhere = scopeOf(req, 'staff.write') === null;
      const unattached = stored.filter((o) => o.area_code === null);
      if (unattached.length && !everywhere) throw new ForbiddenError(`Organisation ${unattached.slice(0, 5).map((o) => o.code).join(', ')} exists and belongs to no area (to every area): only a role held everywhere may change it. Nothing was written.`);
      await assertAreasInScope(tx, req.principal, 'staff.write', stored.flatMap((o) => (o.area_code ? [o.area_code] : [])), (outside) => {
        const orgs = stored.filter((o) => o.area_code !== null && outside.includes(o.area_code)).map((o) => o.code);
        return `, where organisation ${orgs.slice(0, 5).join(', ')}${orgs.length > 5 ? ` and ${orgs.length - 5} more` : ''} already belongs: it is not yours to change. Nothing was written`;
      });
      const written = await registerStaff(tx, {
        staff: [],
        assignments: [],
        partyOrgs: body.orgs.map((o) => ({ region, code: o.code, name: o.name, kind: o.kind, area_code: o.area ?? null, parent_code: o.parent ?? null, members: o.members ?? 0 })),
      });
      await insertAudit(tx, {
        actor: actorOf(req), action: 'party_orgs.register', entity: 'party_org', entityId: body.orgs.length === 1 ? body.orgs[0].code : null,
        areaCode: await commonAreaOf(tx, [...areas, ...stored.flatMap((o) => (o.area_code ? [o.area_code] : []))]),
        before: stored.length ? { orgs: stored.slice(0, 1000) } : null,
        after: { region, written, orgs: body.orgs.slice(0, 1000) },
      });
      return written;
    });
    res.status(201).json(result);
  });

  return router;
}
