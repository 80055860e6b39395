import { describe, expect, it } from 'vitest';
import { diffModel } from '../../web/planner/diff_lists.ts';
import { largestPart } from '../../web/planner/edit_tools.ts';
import { withStatus } from '../../web/planner/plan_layers.ts';
import { interiorPoint, labelPoints } from '../../web/planner/label_points.ts';
import type { Diff } from '../../web/planner/plan_types.ts';

const square = (x: number, y: number, size: number): GeoJSON.Position[][] => [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]];
const cell = (code: string, state: string, ring = square(0, 0, 1), level = 'grid'): GeoJSON.Feature => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: ring }, properties: { code, name: `网格${code}`, level, state } });

const createDiff = (over: Partial<Diff> = {}): Diff => ({
  changed: { type: 'FeatureCollection', features: [cell('01', 'changed'), cell('07', 'new'), cell('03', 'deleted'), cell('02', 'changed'), cell('01001', 'changed', square(0, 0, 1), 'unit'), cell('01002', 'changed', square(0, 0, 1), 'unit')] },
  moves: {
    households: [
      { from: '01', to: '07', count: 12 },
      { from: '03', to: '01', count: 140 },
      { from: '02', to: '02', count: 9 },
      { from: null, to: '07', count: 2 },
    ],
    facilities: [{ from: '03', to: '01', count: 1 }],
    events: [{ id: 'E-1', from: '03', to: '01' }],
    staff: [{ staff_id: 'S9', name: '王五', from: '03', to: null }],
  },
  totals: { households: 154, facilities: 1, events: 1, staff: 1 },
  ...over,
});

describe('diffModel (the lists "compare with published" shows)', () => {
  const names = new Map([
    ['01', '东苑一'],
    ['03', '东苑三'],
  ]);

  it('lists flows biggest first, named, dropping no-moves; events and staff one row each', () => {
    const model = diffModel(createDiff(), names);
    const households = model.sections.find((s) => s.kind === 'households')!;
    expect(households.total).toBe(154);
    expect(households.rows).toEqual([
      { from: '东苑三 (03)', to: '东苑一 (01)', count: 140, what: null },
      { from: '东苑一 (01)', to: '07', count: 12, what: null },
      { from: null, to: '07', count: 2, what: null },
    ]);
    expect(model.sections.find((s) => s.kind === 'events')!.rows).toEqual([{ from: '东苑三 (03)', to: '东苑一 (01)', count: 1, what: 'E-1' }]);
    expect(model.sections.find((s) => s.kind === 'staff')!.rows).toEqual([{ from: '东苑三 (03)', to: null, count: 1, what: '王五' }]);
    expect(model.cells).toEqual({ changed: ['01', '02'], new: ['07'], deleted: ['03'] });
    expect(model.units).toBe(2);
    expect(model.empty).toBe(false);
  });

  it('says so when the draft is the same as published', () => {
    const same = createDiff({
      changed: { type: 'FeatureCollection', features: [] },
      moves: { households: [], facilities: [], events: [], staff: [] },
      totals: { households: 0, facilities: 0, events: 0, staff: 0 },
    });
    expect(diffModel(same, names).empty).toBe(true);
  });
});

describe('map data helpers', () => {
  it('largestPart picks the part with the biggest outer ring', () => {
    expect(largestPart([square(0, 0, 1), square(5, 5, 3), square(9, 9, 2)])).toBe(1);
    expect(largestPart([square(0, 0, 1)])).toBe(0);
  });

  it('withStatus gives each cell its checked status (grey "unknown" when not checked) and a numeric id', () => {
    const fc = withStatus({ type: 'FeatureCollection', features: [cell('01', 'unchanged'), cell('02', 'changed')] }, new Map([['02', 'over' as const]]));
    expect(fc.features.map((f) => [f.id, f.properties?.status, f.properties?.state])).toEqual([
      [1, 'unknown', 'unchanged'],
      [2, 'over', 'changed'],
    ]);
  });

  it('labelPoints puts one label inside each cell, even a C-shaped one', () => {
    // A "C": the centre of its bounding box lies outside it.
    const c: GeoJSON.Position[][] = [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]];
    const labels = labelPoints({ type: 'FeatureCollection', features: [cell('01', 'unchanged', c), cell('02', 'unchanged', square(10, 10, 1))] });
    expect(labels.features).toHaveLength(2);
    const [x, y] = labels.features[0].geometry.coordinates;
    const insideC = (x >= 0 && x <= 1 && y >= 0 && y <= 3) || (y <= 1 && y >= 0 && x <= 3) || (y >= 2 && y <= 3 && x <= 3);
    expect(insideC).toBe(true);
    expect(labels.features[1].properties?.code).toBe('02');
  });

  it('interiorPoint takes the centroid when it is inside, and never a point on the outline', () => {
    expect(interiorPoint(cell('01', 'unchanged', square(0, 0, 2)) as GeoJSON.Feature<GeoJSON.Polygon>)).toEqual([1, 1]);
    // A thin "L": its centroid falls outside.
    const l: GeoJSON.Position[][] = [[[0, 0], [10, 0], [10, 1], [1, 1], [1, 10], [0, 10], [0, 0]]];
    const [x, y] = interiorPoint(cell('02', 'unchanged', l) as GeoJSON.Feature<GeoJSON.Polygon>);
    const strictlyInside = (x > 0 && x < 10 && y > 0 && y < 1) || (x > 0 && x < 1 && y > 0 && y < 10);
    expect(strictlyInside).toBe(true);
  });
});
