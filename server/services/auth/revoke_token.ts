import type { Db } from '../../db/db.ts';
import { insertRevokedToken } from '../../db/queries/insert_revoked_token.ts';
import { endTokenStreams } from '../open_streams.ts';
import { forgetToken, type VerifiedToken } from './tokens.ts';

/**
 * Signs out one token: refused from now on by every process on the database (until it would
 * have expired anyway), and the streams opened with it end at once. Tokens from before tokens
 * had ids cannot be told apart: they end with a sign-out everywhere, or when they expire.
 */
export async function revokeToken(db: Db, token: VerifiedToken): Promise<void> {
  if (!token.tokenId) return;
  await insertRevokedToken(db, token.tokenId, new Date(token.expiresMs));
  forgetToken(db, token.tokenId);
  endTokenStreams(db, token.tokenId);
}
