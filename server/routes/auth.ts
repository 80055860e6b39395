import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { UnauthorizedError } from '../errors.ts';
import { login } from '../services/auth/login.ts';
import { loadPrincipal } from '../services/auth/load_principal.ts';
import { revokeToken } from '../services/auth/revoke_token.ts';
import { permissionScopes } from '../domain/access/permission_scopes.ts';
import { parseWith } from './validate.ts';
import { TOKEN_COOKIE } from './access.ts';

const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });

export function authRouter(db: Db, options: { loginLimitPerMinute?: number } = {}): Router {
  const router = Router();
  // Guessing passwords: at most this many attempts a minute from one address.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: options.loginLimitPerMinute ?? 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => res.status(429).json({ error: 'TooManyRequests', message: 'Too many sign-in attempts; wait a minute and try again.' }),
  });

  router.post('/login', limiter, async (req, res) => {
    const { username, password } = parseWith(credentials, req.body, 'body');
    const { token, expiresAt, userId } = await login(db, username, password);
    const principal = await loadPrincipal(db, userId);
    // Secure when the request came over HTTPS (directly, or through a proxy trusted to say so:
    // GRIDWORK_TRUST_PROXY), so that the browser never sends the session over plain HTTP.
    res.cookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, expires: new Date(expiresAt) });
    res.json({ token, token_type: 'Bearer', expires_at: expiresAt, user: principal });
  });

  // Signs out the token the request came with (cookie or bearer): it stops working at once, here
  // and in every other process, and its open streams end. Without a valid token, only the cookie goes.
  router.post('/logout', async (req, res) => {
    if (req.credential) await revokeToken(db, req.credential);
    res.clearCookie(TOKEN_COOKIE);
    res.status(204).end();
  });

  router.get('/me', (req, res) => {
    if (!req.principal) throw new UnauthorizedError('Not signed in.');
    // `scopes`: where the user holds each permission, so that pages offer only what they may do.
    res.json({ ...req.principal, scopes: permissionScopes(req.principal) });
  });
  return router;
}
