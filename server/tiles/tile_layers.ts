import type { Db } from '../db/db.ts';
import type { Tile } from './tile_math.ts';
import { areaTile } from './area_tile.ts';
import { householdTile } from './household_tile.ts';
import { facilityTile } from './facility_tile.ts';
import { eventTile } from './event_tile.ts';
import type { HouseholdIndex } from './household_index.ts';
import type { AreaLabelIndex } from './area_label_index.ts';

export interface TileLayerSpec {
  name: string;
  /** What the layer holds, for TileJSON and the OpenAPI document. */
  description: string;
  /** `areas`: dropped from the cache by area edits; `register`: by point writes (point_changes.ts). */
  source: 'areas' | 'register';
  /** How long a cached tile may serve without any edit: Infinity unless it also changes with time. */
  ttlMs: number;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, string>;
  render(db: Db, tile: Tile, context: TileContext): Promise<Uint8Array>;
}

/** What renderers of one database share: in-memory household positions and area label points. */
export interface TileContext {
  householdIndex: HouseholdIndex;
  areaLabels: AreaLabelIndex;
}

const AREA_FIELDS = {
  code: 'String',
  name: 'String',
  level: 'String',
  kind: 'String',
  parent_code: 'String',
  dedicated: 'Boolean',
};

/**
 * One vector-tile layer per level of the area tree: the default levels named in the plural as
 * URLs are, with their descriptions; any other level a tree uses (an imported `neighbourhood`)
 * is a layer of its own name (areaLayerFor).
 */
const AREA_LAYERS: [name: string, level: string, description: string][] = [
  ['towns', 'town', '镇/街道: towns and sub-districts'],
  ['communities', 'community', '村/社区: villages and communities'],
  ['grids', 'grid', '网格: grids, base and dedicated (专属网格)'],
  ['subgrids', 'subgrid', '子网格: second-level grids where a tree has them'],
  ['units', 'unit', '单元: units (buildings, blocks, courtyards)'],
];

// An event's `overdue` flag turns true when its deadline passes, with no write to announce it:
// event tiles are also renewed at least this often. Reports and transitions drop them at once.
const EVENT_TTL_MS = 60_000;

function areaLayerSpec(name: string, level: string, description: string): TileLayerSpec {
  return {
    name,
    description,
    source: 'areas',
    ttlMs: Infinity,
    minzoom: 0,
    maxzoom: 22,
    fields: AREA_FIELDS,
    render: (db, tile, context) => areaTile(db, level, name, tile, context.areaLabels),
  };
}

/** Every layer served at /tiles/{layer}/{z}/{x}/{y}.mvt whatever the tree holds, by name. */
export const TILE_LAYERS: ReadonlyMap<string, TileLayerSpec> = new Map(
  ([
    ...AREA_LAYERS.map(([name, level, description]) => areaLayerSpec(name, level, description)),
    {
      name: 'households',
      description: '户: households, as counts per 64-unit bin below zoom 15 (count, people), as points from 15 (people, floating); no personal fields',
      source: 'register',
      ttlMs: Infinity,
      minzoom: 0,
      maxzoom: 22,
      fields: { count: 'Number', people: 'Number', floating: 'Number' },
      render: (_db, tile, context) => householdTile(tile, context.householdIndex),
    },
    {
      name: 'facilities',
      description: '场所: facilities as points (id, name, category)',
      source: 'register',
      ttlMs: Infinity,
      minzoom: 0,
      maxzoom: 22,
      fields: { id: 'String', name: 'String', category: 'String' },
      render: facilityTile,
    },
    {
      name: 'events',
      description: '事件: events as points (id, category, status, severity); empty until the events register exists',
      source: 'register',
      ttlMs: EVENT_TTL_MS,
      minzoom: 0,
      maxzoom: 22,
      fields: { id: 'String', category: 'String', status: 'String', severity: 'String' },
      render: eventTile,
    },
  ] satisfies TileLayerSpec[]).map((l): [string, TileLayerSpec] => [l.name, l]),
);

const REGISTER_LAYER_NAMES = new Set(['households', 'facilities', 'events']);

/** The layers an area edit can change: every layer but the registers' (a tree's own levels included). */
export const AREA_LAYER_NAMES: Pick<ReadonlySet<string>, 'has'> = { has: (name) => !REGISTER_LAYER_NAMES.has(name) };

/** The level each default area layer draws, e.g. `grids` → `grid`. */
export const AREA_LAYER_LEVELS: ReadonlyMap<string, string> = new Map(AREA_LAYERS.map(([name, level]) => [name, level]));

const DEFAULT_LAYER_OF_LEVEL = new Map(AREA_LAYERS.map(([name, level]) => [level, name]));

/** The tile layer of a level: `grid` → `grids`, a tree's own `neighbourhood` → `neighbourhood`. */
export function areaLayerNameOf(level: string): string {
  return DEFAULT_LAYER_OF_LEVEL.get(level) ?? level;
}

/** The level an area layer draws given the levels the tree uses, or undefined when `name` is no area layer. */
export function areaLevelOfLayer(name: string, levels: readonly string[]): string | undefined {
  if (AREA_LAYER_LEVELS.has(name)) return AREA_LAYER_LEVELS.get(name);
  return !REGISTER_LAYER_NAMES.has(name) && !DEFAULT_LAYER_OF_LEVEL.has(name) && levels.includes(name) ? name : undefined;
}

/**
 * The layer served under `name`: a fixed one, or the layer of a level the tree uses that is not
 * one of the default five (`neighbourhood`, `block`).
 *
 * @example tileLayerFor('neighbourhood', ['city', 'neighbourhood', 'block'])?.source // 'areas'
 */
export function tileLayerFor(name: string, levels: readonly string[]): TileLayerSpec | undefined {
  const fixed = TILE_LAYERS.get(name);
  if (fixed) return fixed;
  const level = areaLevelOfLayer(name, levels);
  return level ? areaLayerSpec(name, level, `${level}: areas of this tree's level "${level}"`) : undefined;
}
