import express, { Router, type Request } from 'express';
import type { Db, Queryable } from '../db/db.ts';
import { ForbiddenError } from '../errors.ts';
import { scopeCodes } from '../domain/access/can.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { commonAncestor } from '../domain/access/common_ancestor.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { selectAddressCellPaths } from '../db/queries/select_address_cell_paths.ts';
import { importAddresses } from '../services/registers/import_addresses.ts';
import { actorOf, requirePermission } from './access.ts';
import type { RunHeavy } from './heavy_work.ts';
import { charsetOf, readRegisterFile } from './registers.ts';

/**
 * /api/addresses/import: the standard address register (四标四实 标准地址) as .xlsx or CSV, the
 * layer register rows without coordinates are placed by. Scoped like the other registers:
 * households.write where every address lands and where the addresses it replaces lie.
 */
export function addressesRouter(db: Db, config: { bodyLimit: string; heavy: RunHeavy }): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: config.bodyLimit });
  router.post('/import', requirePermission(db, 'households.write'), raw, async (req, res) => {
    const { q, dryRun } = readRegisterFile(req);
    const result = await config.heavy(req, res, 'the address import', () =>
      importAddresses(db, req.body as Buffer, { charset: q.charset ?? q.encoding ?? charsetOf(req), mapping: q.mapping, dryRun, crs: q.crs, region: q.region, onError: q.on_error, beforeWrite: checkAddressWrite(req) }),
    );
    res.status(dryRun ? 200 : 201).json(result);
  });
  return router;
}

function checkAddressWrite(req: Request) {
  return async (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[]): Promise<void> => {
    const region = rows[0]?.region ?? '';
    const paths = (await selectAddressCellPaths(tx, region, rows.map((r) => r.id), rows.map((r) => r.cell_id))).map((p) => (p ? p.split('/') : []));
    const scope = scopeCodes(req.principal ?? null, 'households.write');
    if (scope !== null) {
      const outside = paths.filter((p) => !inScope(p, scope));
      if (outside.length) throw new ForbiddenError(`Your roles do not allow households.write where some of these addresses lie or would land: ${outside.map((p) => p.at(-1) ?? 'no cell').slice(0, 5).join(', ')}. Nothing was written.`);
    }
    await insertAudit(tx, { actor: actorOf(req), action: 'addresses.import', entity: 'address', areaCode: commonAncestor(paths.filter((p) => p.length > 0)), after: { region, rows: rows.length } });
  };
}
