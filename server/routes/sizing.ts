import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { selectSizingProposal } from '../db/queries/select_sizing_proposal.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import { formatSizingCsv } from '../domain/sizing/sizing_csv.ts';
import type { Band, SizingRule } from '../domain/sizing/sizing_rule.ts';
import { evaluateSizing } from '../services/evaluate_sizing.ts';
import { proposeSizingChange } from '../services/propose_sizing_change.ts';
import { replaceSizingRules, sizingRulesTag } from '../services/replace_sizing_rules.ts';
import { can } from '../domain/access/can.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { selectAreaAncestry } from '../db/queries/select_area_ancestry.ts';
import { actorOf, assertPermission, queryArea, requireEverywhere, requirePermission } from './access.ts';
import { recordId } from './record_id.ts';
import { parseWith } from './validate.ts';
import type { RunHeavy } from './heavy_work.ts';

const levelName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a level name: lowercase letters, digits and _');
const code = z.string().min(1).max(200);

const reportQuery = z.object({
  root: code,
  level: levelName.default('grid'),
  format: z.enum(['json', 'csv']).default('json'),
});

const bound = z.number().int().nonnegative().nullable().default(null);
const band = z
  .object({ min: bound, max: bound })
  .strict()
  .default({ min: null, max: null })
  .refine((b) => b.min === null || b.max === null || b.min <= b.max, 'min must not exceed max');

const ruleBody = z
  .object({
    level: levelName,
    kind: z.enum(['*', 'base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate']).default('*'),
    households: band,
    people: band,
    floating: band,
    facilities: band,
    events_per_month: band,
    community_workers_per_10k: z.number().nonnegative().nullable().default(null),
    grid_workers_per_grid: z.number().int().nonnegative().nullable().default(null),
    exempt_dedicated: z.boolean().default(true),
  })
  .strict();

const rulesBody = z
  .object({ rules: z.array(ruleBody).max(200) })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.rules.forEach((r, i) => {
      const key = `${r.level}/${r.kind}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'kind'], message: `a second rule for level "${r.level}" and kind "${r.kind}" (the first is rules[${seen.get(key)}])` });
      else seen.set(key, i);
    });
  });

const proposalBody = z
  .object({
    root: code,
    kind: z.enum(['split', 'merge', 'rebalance']),
    grid: code.optional(),
    seed: z.string().min(1).max(100).optional(),
    band: z
      .object({ min: z.number().int().nonnegative(), max: z.number().int().positive() })
      .strict()
      .refine((b) => b.min <= b.max, 'min must not exceed max')
      .optional(),
    unit_level: levelName.optional(),
    grid_level: levelName.optional(),
    iterations_per_unit: z.number().int().min(0).max(20_000).optional(),
  })
  .strict()
  .refine((b) => b.kind === 'rebalance' || b.grid !== undefined, { message: 'split and merge need the grid to change', path: ['grid'] });

/**
 * Sizing (网格规模): rules, the report against them, and proposals to fix breaches. The report
 * needs areas.read over its root; the rules apply everywhere, so only a role held everywhere may
 * replace them (audited); proposals are drafts (plans.edit over their root).
 */
export function sizingRouter(db: Db, heavy: RunHeavy): Router {
  const router = Router();

  router.get('/', requirePermission(db, 'areas.read', queryArea('root')), async (req, res) => {
    const q = parseWith(reportQuery, req.query, 'query');
    const report = await heavy(req, res, 'the sizing report', () => evaluateSizing(db, q.root, q.level));
    if (q.format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .attachment(`sizing_${q.root}_${q.level}.csv`)
        .send(formatSizingCsv(report.cells));
      return;
    }
    res.json(report);
  });

  router.get('/rules', requirePermission(db, 'areas.read'), async (_req, res) => {
    const rules = await selectSizingRules(db);
    res.set('ETag', sizingRulesTag(rules)).json({ rules: rules.map(ruleToApi) });
  });

  // If-Match (optional, the ETag of GET): an administrator saving over another's change gets a 409.
  router.put('/rules', requireEverywhere('areas.write'), async (req, res) => {
    const body = parseWith(rulesBody, req.body, 'body');
    const ifMatch = req.headers['if-match']?.replace(/^W\//, '');
    const stored = await replaceSizingRules(
      db,
      body.rules.map(ruleFromApi),
      (tx, before, after) => insertAudit(tx, { actor: actorOf(req), action: 'sizing.rules', entity: 'sizing_rule', before: before.map(ruleToApi), after: after.map(ruleToApi) }),
      ifMatch,
    );
    res.set('ETag', sizingRulesTag(stored)).json({ rules: stored.map(ruleToApi) });
  });

  router.post('/proposals', requirePermission(db, 'sizing.propose'), async (req, res) => {
    const b = parseWith(proposalBody, req.body, 'body');
    await assertPermission(db, req.principal, 'sizing.propose', b.root);
    const proposal = await heavy(req, res, `the ${b.kind} proposal`, () => proposeSizingChange(db, {
      root: b.root,
      kind: b.kind,
      grid: b.grid,
      seed: b.seed,
      band: b.band,
      unitLevel: b.unit_level,
      gridLevel: b.grid_level,
      iterationsPerUnit: b.iterations_per_unit,
    }));
    res.status(201).json(proposal);
  });

  router.get('/proposals/:id', requirePermission(db, 'areas.read'), async (req, res) => {
    const id = recordId(req.params.id, `No sizing proposal has id ${req.params.id}.`);
    const p = await selectSizingProposal(db, id);
    // A kept record outside the caller's subtrees is answered as absent: its existence is not theirs to learn.
    const path = p && typeof p.root === 'string' ? await selectAreaAncestry(db, p.root) : undefined;
    if (!p || !path || !can(req.principal ?? null, 'areas.read', path)) throw new NotFoundError(`No sizing proposal has id ${id}.`);
    res.json(p);
  });

  return router;
}

function ruleFromApi(r: z.infer<typeof ruleBody>): SizingRule {
  return {
    level: r.level,
    kind: r.kind,
    households: r.households as Band,
    people: r.people as Band,
    floating: r.floating as Band,
    facilities: r.facilities as Band,
    eventsPerMonth: r.events_per_month as Band,
    communityWorkersPer10k: r.community_workers_per_10k,
    gridWorkersPerGrid: r.grid_workers_per_grid,
    exemptDedicated: r.exempt_dedicated,
  };
}

function ruleToApi(r: SizingRule) {
  return {
    level: r.level,
    kind: r.kind,
    households: r.households,
    people: r.people,
    floating: r.floating,
    facilities: r.facilities,
    events_per_month: r.eventsPerMonth,
    community_workers_per_10k: r.communityWorkersPer10k,
    grid_workers_per_grid: r.gridWorkersPerGrid,
    exempt_dedicated: r.exemptDedicated,
  };
}
