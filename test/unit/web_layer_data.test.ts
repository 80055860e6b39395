import { describe, expect, it } from 'vitest';
import { bandWords, baseGridBand, countByStatus, sizingStates, type AreaCountsRow } from '../../web/map/sizing_status.ts';
import { eventColour, eventRing, heatCells, pointsOfEvents } from '../../web/map/event_layers.ts';
import { STATUS_COLOURS } from '../../web/events/event_style.ts';
import { coverageItems, geometryBbox } from '../../web/map/coverage_problems.ts';
import { facilityLegend } from '../../web/map/facility_style.ts';
import { areaLayerSpecs, labelText } from '../../web/map/area_layers.ts';

const verdict = (status: AreaCountsRow['sizing']['status'], band: AreaCountsRow['sizing']['band'] = null) => ({ status, band });
const row = (id: number, kind: string, households: number, sizing: AreaCountsRow['sizing']): AreaCountsRow => ({ id, code: `g${id}`, kind, households, people: households * 2, floating: 0, facilities: 0, open_events: null, sizing });

describe('sizing colours from the server\'s verdicts', () => {
  const band = { min: 250, max: 380 };
  const rows = [
    row(1, 'base', 150, verdict('under', band)),
    row(2, 'base', 300, verdict('within', band)),
    row(3, 'base', 450, verdict('over', band)),
    row(4, 'hospital', 0, verdict('exempt')),
    row(5, 'village', 900, verdict('no_rule')),
  ];

  it('turns each verdict into feature-state, never deciding one itself', () => {
    expect(sizingStates(rows)[2]).toEqual({ id: 3, state: { status: 'over', households: 450 } });
    // 900 households and no rule: shown as the server says, not as any band would judge it.
    expect(sizingStates(rows)[4]).toEqual({ id: 5, state: { status: 'no_rule', households: 900 } });
  });

  it('tallies the verdicts for the legend, which names the base grids\' band', () => {
    expect(countByStatus(rows)).toEqual({ under: 1, within: 1, over: 1, exempt: 1, no_rule: 1 });
    expect(bandWords(baseGridBand(rows))).toEqual({ min: '250', max: '380' });
    expect(bandWords(baseGridBand([rows[3]]))).toEqual({ min: '–', max: '–' });
  });
});

describe('event layers', () => {
  const NOW = Date.parse('2026-03-01T08:00:00Z');
  const live = (id: string, status: string, due_at: string | null = null) => ({
    id, status, due_at, category: 'environment', severity: 'high', level: 'grid', assignee: null, reported_at: '2026-03-01T07:00:00Z',
    lon: 120.08, lat: 29.3, grid_code: 'G', grid_name: '第1网格', description: '', source: 'patrol',
  });

  it("keeps the live events that are open, overdue as the server decides (clock running, deadline passed)", () => {
    const points = pointsOfEvents([live('e1', 'reported'), live('e2', 'closed'), live('e3', 'dispatched', '2026-03-01T07:30:00Z'), live('e4', 'suspended', '2026-03-01T07:30:00Z')], NOW);
    expect(points.map((p) => p.id)).toEqual(['e1', 'e3', 'e4']);
    expect(points[0]).toEqual({ id: 'e1', position: [120.08, 29.3], category: 'environment', severity: 'high', status: 'reported', overdue: false });
    expect(points.map((p) => p.overdue)).toEqual([false, true, false]);
  });

  it('weights heat cells by count and drops empty ones', () => {
    expect(heatCells({ bins: [{ lon: 1, lat: 2, count: 3 }, { lon: 5, lat: 6, count: 0 }] })).toEqual([{ position: [1, 2], weight: 3 }]);
    expect(heatCells({})).toEqual([]);
  });

  it("colours points by status with the command centre's colours, overdue ones ringed dark red", () => {
    expect(eventColour({ status: 'reported' })).toEqual(STATUS_COLOURS.reported);
    expect(eventColour({ status: 'in_progress' })).toEqual(STATUS_COLOURS.in_progress);
    expect(eventColour({ status: 'reported' })).not.toEqual(eventColour({ status: 'dispatched' }));
    expect(eventRing({ overdue: true })).toEqual([140, 0, 0, 255]);
    expect(eventRing({ overdue: false })).toEqual([255, 255, 255, 255]);
  });
});

describe('coverage problems', () => {
  const problem = (kind: string, households: number, area_m2: number, coords: number[][], exception: unknown = null): GeoJSON.Feature => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [coords] },
    properties: { kind, level: 'unit', areas: [{ code: 'u1', name: '单元1', level: 'unit' }, { code: 'u2', name: '', level: 'unit' }], area_m2, households, facilities: 0, fixes: [], exception },
  });
  const square = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

  it('lists problems touching households first, then the larger, excepted ones last, each with its box', () => {
    const fc: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        problem('sliver', 0, 0.3, square(0, 0, 1)),
        problem('gap', 5, 2000, square(10, 10, 2)),
        problem('overlap', 0, 1200, square(20, 20, 3)),
        problem('gap', 9, 100, square(30, 30, 1), { reason: 'river' }),
      ],
    };
    const items = coverageItems(fc);
    expect(items.map((i) => [i.kind, i.index])).toEqual([['gap', 1], ['overlap', 2], ['sliver', 0], ['gap', 3]]);
    expect(items[0].bbox).toEqual([10, 10, 12, 12]);
    expect(items[0].label).toBe('单元1 / u2');
    expect(items[3].excepted).toBe(true);
  });

  it('boxes points, multipolygons and collections', () => {
    expect(geometryBbox({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2, 1, 2]);
    expect(geometryBbox({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, -3, 1)]] })).toEqual([0, -3, 6, 1]);
    expect(geometryBbox({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [3, 3] }, { type: 'LineString', coordinates: [[-1, 0], [0, 4]] }] })).toEqual([-1, 0, 3, 4]);
    expect(geometryBbox(null)[0]).toBe(Infinity);
  });
});

describe('facility legend', () => {
  it('orders categories by count and folds unknown ones into other', () => {
    expect(facilityLegend({ clinic: 2, zoo: 1, aquarium: 3, school: 5 })).toEqual([
      { category: 'school', colour: '#e69138', count: 5 },
      { category: 'other', colour: '#999999', count: 4 },
      { category: 'clinic', colour: '#e06666', count: 2 },
    ]);
  });
  it('lists every known category without counts when there are none', () => {
    const rows = facilityLegend(null);
    expect(rows.length).toBeGreaterThan(8);
    expect(rows.every((r) => r.count === null)).toBe(true);
  });
});

describe('area layer specs', () => {
  it('labels every level by its name, never its code', () => {
    for (const level of ['town', 'community', 'grid', 'unit']) expect(JSON.stringify(labelText(level))).not.toContain('"code"');
    expect(labelText('unit')).toEqual(['get', 'name']);
  });

  it('draws each level from its tiles, labels from the label layers, grids by sizing state when asked', () => {
    const specs = areaLayerSpecs('sizing');
    const ids = specs.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['communities-fill', 'grids-fill', 'units-line', 'grids-dedicated', 'grids-label', 'grids-selected']));
    const label = specs.find((s) => s.id === 'grids-label') as any;
    expect(label['source-layer']).toBe('grids_label');
    const fill = specs.find((s) => s.id === 'grids-fill') as any;
    expect(JSON.stringify(fill.paint['fill-color'])).toContain('feature-state');
    // Labels come after every fill and line, so nothing is drawn over them.
    const firstLabel = ids.findIndex((id) => id.endsWith('-label'));
    expect(ids.slice(firstLabel).every((id) => id.endsWith('-label'))).toBe(true);
  });
});
