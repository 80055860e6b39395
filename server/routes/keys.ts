import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { can, type Principal } from '../domain/access/can.ts';
import { PERMISSIONS } from '../domain/access/permissions.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import { selectAccessKeys } from '../db/queries/select_access_keys.ts';
import { createKey } from '../services/auth/keys_create.ts';
import { revokeKey } from '../services/auth/keys_revoke.ts';
import { parseWith } from './validate.ts';
import { recordId } from './record_id.ts';

const newKey = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** A subset of the user's permissions; absent: every read permission they hold. */
  permissions: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length).optional(),
  expires_in_days: z.number().int().min(1).max(366).default(90),
});
const listQuery = z.strictObject({ all: z.enum(['true', 'false']).optional() });

/**
 * Personal access keys (docs/ACCESS.md): every signed-in user lists, makes and revokes their
 * own; administrators (users.manage) list (`?all=true`) and revoke everyone's. Only a session
 * manages keys: a key cannot make or revoke keys.
 */
export function keysRouter(db: Db): Router {
  const router = Router();
  router.use((req, _res, next) => {
    sessionPrincipal(req);
    next();
  });
  router.get('/', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const p = sessionPrincipal(req);
    if (q.all === 'true' && !can(p, 'users.manage')) throw new ForbiddenError('Only an administrator (users.manage) may list everyone\'s keys.');
    res.json({ keys: await selectAccessKeys(db, q.all === 'true' ? null : p.userId) });
  });
  router.post('/', async (req, res) => {
    const k = parseWith(newKey, req.body, 'body');
    res.status(201).json(await createKey(db, sessionPrincipal(req), { name: k.name, permissions: k.permissions, expiresInDays: k.expires_in_days }));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await revokeKey(db, sessionPrincipal(req), recordId(req.params.id, `You have no access key ${req.params.id}.`)));
  });
  return router;
}

function sessionPrincipal(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError('Sign in first: send Authorization: Bearer TOKEN (POST /api/auth/login gives one).');
  if (req.principal.only) throw new ForbiddenError('Access keys are managed from a signed-in session, not with a key.');
  return req.principal;
}
