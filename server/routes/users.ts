import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { ROLES } from '../domain/access/permissions.ts';
import { selectUsers } from '../db/queries/select_users.ts';
import { changeUser, createUser, grantRole, revokeRole } from '../services/auth/manage_users.ts';
import { requirePermission } from './access.ts';
import { parseWith } from './validate.ts';
import { recordId } from './record_id.ts';

const grant = z.strictObject({ role: z.enum(ROLES), area_code: z.string().min(1).nullable(), can_publish: z.boolean().optional() });
const newUser = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_.@-]{2,64}$/, 'letters, digits and _ . @ -, 2–64 characters'),
  // The policy (length, common passwords) is checked where the password is hashed, in both languages.
  password: z.string().max(1024),
  display_name: z.string().max(100).optional(),
  grants: z.array(grant).max(50).optional(),
});
const change = z.strictObject({
  display_name: z.string().max(100).optional(),
  password: z.string().max(1024).optional(),
  disabled: z.boolean().optional(),
  /** Ends every session of the user (a new password does so too). */
  sign_out: z.boolean().optional(),
});

/** Administrators manage users and their roles; every change is audited. */
export function usersRouter(db: Db): Router {
  const router = Router();
  router.use(requirePermission(db, 'users.manage'));
  const actor = (req: { principal?: { username: string } | null }) => req.principal!.username;

  router.get('/', async (_req, res) => res.json(await selectUsers(db)));
  router.get('/:username', async (req, res) => {
    const [user] = await selectUsers(db, req.params.username);
    if (!user) throw new NotFoundError(`No user is named "${req.params.username}".`);
    res.json(user);
  });
  router.post('/', async (req, res) => {
    const u = parseWith(newUser, req.body, 'body');
    const grants = u.grants?.map((g) => ({ role: g.role, areaCode: g.area_code, canPublish: g.can_publish }));
    res.status(201).json(await createUser(db, actor(req), { username: u.username, password: u.password, displayName: u.display_name, grants }));
  });
  router.patch('/:username', async (req, res) => {
    const c = parseWith(change, req.body, 'body');
    res.json(await changeUser(db, actor(req), req.params.username, { displayName: c.display_name, password: c.password, disabled: c.disabled, signOut: c.sign_out }));
  });
  router.post('/:username/grants', async (req, res) => {
    const g = parseWith(grant, req.body, 'body');
    res.status(201).json(await grantRole(db, actor(req), req.params.username, { role: g.role, areaCode: g.area_code, canPublish: g.can_publish }));
  });
  router.delete('/:username/grants/:id', async (req, res) => {
    const id = recordId(req.params.id, `User "${req.params.username}" has no grant ${req.params.id}.`);
    res.json(await revokeRole(db, actor(req), req.params.username, id));
  });
  return router;
}
