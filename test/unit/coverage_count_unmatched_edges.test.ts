import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { countUnmatchedEdges } from '../../server/domain/coverage/count_unmatched_edges.ts';

// Turf-style fixtures: test/fixtures/coverage/in/NAME.geojson → out/NAME.json; REGEN=1 rewrites
// the expected files for a person to review.
const dir = path.resolve(import.meta.dirname, '../fixtures/coverage');
const names = readdirSync(path.join(dir, 'in')).filter((f) => f.endsWith('.geojson')).map((f) => f.slice(0, -8));

describe('countUnmatchedEdges (fixtures)', () => {
  for (const name of names) {
    it(name, () => {
      const fc: FeatureCollection<MultiPolygon> = JSON.parse(readFileSync(path.join(dir, 'in', `${name}.geojson`), 'utf8'));
      const role = (r: string) => fc.features.filter((f: Feature) => f.properties!.role === r).map((f) => f.geometry.coordinates);
      const got = countUnmatchedEdges(role('parent')[0], role('child'));
      const out = path.join(dir, 'out', `${name}.json`);
      if (process.env.REGEN) writeFileSync(out, `${JSON.stringify(got, null, 1)}\n`);
      expect(got).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    });
  }
});

describe('countUnmatchedEdges (properties)', () => {
  it('is 0 exactly when the children tile the parent vertex for vertex, whatever the order', () => {
    const cells = [0, 1, 2].flatMap((x) => [0, 1].map((y) => [[[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]]));
    const outline = [[[[0, 0], [1, 0], [2, 0], [3, 0], [3, 1], [3, 2], [2, 2], [1, 2], [0, 2], [0, 1], [0, 0]]]];
    expect(countUnmatchedEdges(outline, cells).unmatched).toBe(0);
    expect(countUnmatchedEdges(outline, [...cells].reverse()).unmatched).toBe(0);
    // Drop any one cell: its four edges are left over, boxed where it was.
    for (let k = 0; k < cells.length; k++) {
      const r = countUnmatchedEdges(outline, cells.filter((_, i) => i !== k));
      expect(r.unmatched).toBe(4);
      const [[[[x, y]]]] = cells[k];
      expect(r.bbox).toEqual([x, y, x + 1, y + 1]);
    }
  });
});
