import { Router, type Request } from 'express';
import { publicBase } from './public_base.ts';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { hasEventTable, selectOgcExtent, selectOgcItem, selectOgcItems, type OgcSource } from '../db/queries/select_ogc_features.ts';
import type { Permission } from '../domain/access/permissions.ts';
import { requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';
import { parseDatetime } from '../domain/ogc/parse_datetime.ts';
import { BBOX_CRSS, parseBbox } from '../domain/ogc/parse_bbox.ts';
import { OGC_LIMIT } from '../domain/ogc/ogc_limit.ts';
import { buildOgcOpenapi } from '../openapi/build_ogc_openapi.ts';
import { areaLevels } from '../services/area_levels.ts';

interface Collection {
  id: string;
  title: string;
  description: string;
  source: OgcSource;
  /** What reading its features needs: areas are areas.read, facilities a register (households.read), events events.read. */
  permission: Permission;
}

const AREA_COLLECTIONS: Collection[] = [
  { id: 'towns', title: '镇/街道 Towns', description: 'Towns and sub-districts at the root of the area tree', source: { kind: 'area', level: 'town' }, permission: 'areas.read' },
  { id: 'communities', title: '村/社区 Communities', description: 'Villages and communities', source: { kind: 'area', level: 'community' }, permission: 'areas.read' },
  { id: 'grids', title: '网格 Grids', description: 'Grids, base and dedicated (专属网格)', source: { kind: 'area', level: 'grid' }, permission: 'areas.read' },
  { id: 'subgrids', title: '子网格 Sub-grids', description: 'Second-level grids, where a tree has them', source: { kind: 'area', level: 'subgrid' }, permission: 'areas.read' },
  { id: 'units', title: '单元 Units', description: 'Units: buildings, blocks, courtyards', source: { kind: 'area', level: 'unit' }, permission: 'areas.read' },
];
/**
 * The area collections in the order of the tree's levels, top down: the default levels under
 * their plural ids, any other level a tree uses (an imported `neighbourhood`) under its own name;
 * then the default levels the tree does not use, so their URLs never vanish.
 */
function areaCollections(levels: readonly string[]): Collection[] {
  const byLevel = new Map(AREA_COLLECTIONS.map((c) => [(c.source as { level: string }).level, c]));
  // A level named like a register's collection stays out of the way of that collection.
  const used = levels.filter((level) => !['facilities', 'events'].includes(level)).map((level) => byLevel.get(level)
    ?? { id: level, title: level, description: `Areas of this tree's level "${level}"`, source: { kind: 'area' as const, level }, permission: 'areas.read' as const });
  // The default levels the tree does not use stay listed (empty), after the tree's own.
  return [...used, ...AREA_COLLECTIONS.filter((c) => !used.includes(c))];
}
const FACILITIES: Collection = { id: 'facilities', title: '场所 Facilities', description: 'Schools, clinics, committees, enterprises …', source: { kind: 'facility' }, permission: 'households.read' };
const EVENTS: Collection = { id: 'events', title: '事件 Events', description: 'Reported events with their status and level (no reporter details)', source: { kind: 'event' }, permission: 'events.read' };

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const GEOJSON = 'application/geo+json';


const itemsQuery = z
  .object({
    bbox: z.string().optional(),
    'bbox-crs': z.enum(BBOX_CRSS).optional(),
    datetime: z.string().optional(),
    limit: z.coerce.number().int().min(1).default(OGC_LIMIT.default).transform((n) => Math.min(n, OGC_LIMIT.maximum)),
    offset: z.coerce.number().int().min(0).default(0),
    f: z.enum(['json', 'geojson']).optional(),
  })
  .transform((q, ctx) => {
    const bbox = q.bbox === undefined ? undefined : parseBbox(q.bbox, q['bbox-crs']);
    if (bbox && 'problem' in bbox) ctx.addIssue({ code: 'custom', path: ['bbox'], message: bbox.problem });
    const datetime = q.datetime === undefined ? undefined : parseDatetime(q.datetime);
    if (datetime && 'problem' in datetime) ctx.addIssue({ code: 'custom', path: ['datetime'], message: datetime.problem });
    return { ...q, bbox: bbox && !('problem' in bbox) ? bbox : undefined, datetime: datetime && !('problem' in datetime) ? datetime : undefined };
  });

/**
 * Every route needs areas.read; each collection lists and serves only what its permission
 * reaches (scopeOf), and a single feature outside that is a 404 like one that does not exist.
 *
 * OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0) at /ogc, so that QGIS and other GIS
 * open the grids, units, facilities and events directly: landing page, conformance, collections,
 * items with bbox, limit and offset paging links, and single items. Coordinates are CRS84.
 */
export function ogcRouter(db: Db, options: { publicMetadata?: boolean } = {}): Router {
  const router = Router();
  // The landing page and conformance say nothing of the areas: public when the administrator says so.
  const signedIn = requirePermission(db, 'areas.read');
  router.use((req, res, next) => (options.publicMetadata && (req.path === '/' || req.path === '/conformance' || req.path === '/api') ? next() : signedIn(req, res, next)));
  // Every collection the caller may read (the others are not listed: a 404 like an unknown one).
  const collections = async (req: Request) =>
    [...areaCollections((await areaLevels(db)).map((l) => l.level)), FACILITIES, ...((await hasEventTable(db)) ? [EVENTS] : [])]
      .filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i && scopeOf(req, c.permission)?.length !== 0);
  const find = async (req: Request, id: string) => {
    const all = await collections(req);
    const c = all.find((x) => x.id === id);
    if (!c) throw new NotFoundError(`No collection "${id}": use one of ${all.map((x) => x.id).join(', ')}.`);
    return c;
  };
  const describe = async (req: Request, c: Collection) => {
    const extent = await selectOgcExtent(db, c.source, scopeOf(req, c.permission));
    const self = `${publicBase(req)}/ogc/collections/${c.id}`;
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      itemType: 'feature',
      crs: [CRS84],
      storageCrs: CRS84,
      ...(extent ? { extent: { spatial: { bbox: [extent], crs: CRS84 } } } : {}),
      links: [
        { href: self, rel: 'self', type: 'application/json', title: 'This collection' },
        { href: `${self}/items`, rel: 'items', type: GEOJSON, title: 'Its features' },
      ],
    };
  };

  router.get('/', (req, res) => {
    const b = publicBase(req);
    res.json({
      title: 'Gridwork 网格通',
      description: 'The area tree (towns, communities, grids, units, or whatever levels the tree uses), facilities and events of grid governance, as OGC API – Features.',
      links: [
        { href: `${b}/ogc`, rel: 'self', type: 'application/json', title: 'This document' },
        { href: `${b}/ogc/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition' },
        { href: `${b}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${b}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
      ],
    });
  });

  router.get('/api', (req, res) => {
    res.type('application/vnd.oai.openapi+json;version=3.0').send(JSON.stringify(buildOgcOpenapi(publicBase(req))));
  });

  router.get('/conformance', (_req, res) => {
    res.json({
      conformsTo: [
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      ],
    });
  });

  router.get('/collections', async (req, res) => {
    const all = await collections(req);
    res.json({
      links: [{ href: `${publicBase(req)}/ogc/collections`, rel: 'self', type: 'application/json' }],
      collections: await Promise.all(all.map((c) => describe(req, c))),
    });
  });

  router.get('/collections/:id', async (req, res) => {
    res.json(await describe(req, await find(req, req.params.id)));
  });

  router.get('/collections/:id/items', async (req, res) => {
    const c = await find(req, req.params.id);
    const q = parseWith(itemsQuery, req.query, 'query');
    const page = await selectOgcItems(db, c.source, { bbox: q.bbox, datetime: q.datetime, limit: q.limit, offset: q.offset, scope: scopeOf(req, c.permission) });
    const self = `${publicBase(req)}/ogc/collections/${c.id}/items`;
    // Paging links repeat the request's filters as given (the key, if one came in the URL, was taken off before).
    const kept = Object.fromEntries((['bbox', 'bbox-crs', 'datetime'] as const).flatMap((k) => (typeof req.query[k] === 'string' ? [[k, req.query[k] as string]] : [])));
    const at = (offset: number) => `${self}?${new URLSearchParams({ ...kept, limit: String(q.limit), offset: String(offset) })}`;
    const links = [
      { href: at(q.offset), rel: 'self', type: GEOJSON, title: 'This page' },
      { href: `${publicBase(req)}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json', title: 'The collection' },
    ];
    if (q.offset + page.numberReturned < page.numberMatched) links.push({ href: at(q.offset + q.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
    if (q.offset > 0) links.push({ href: at(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
    // The features are already JSON text from the database: spliced in, not re-parsed.
    const head = JSON.stringify({ type: 'FeatureCollection', numberMatched: page.numberMatched, numberReturned: page.numberReturned, timeStamp: new Date().toISOString(), links });
    res.type(GEOJSON).send(`${head.slice(0, -1)},"features":${page.features}}`);
  });

  router.get('/collections/:id/items/:featureId', async (req, res) => {
    const c = await find(req, req.params.id);
    const feature = await selectOgcItem(db, c.source, req.params.featureId, scopeOf(req, c.permission));
    if (!feature) throw new NotFoundError(`No feature "${req.params.featureId}" in collection "${c.id}".`);
    const self = `${publicBase(req)}/ogc/collections/${c.id}/items/${encodeURIComponent(req.params.featureId)}`;
    const links = [
      { href: self, rel: 'self', type: GEOJSON },
      { href: `${publicBase(req)}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json' },
    ];
    res.type(GEOJSON).send(`${feature.slice(0, -1)},"links":${JSON.stringify(links)}}`);
  });

  return router;
}
