import { PayloadTooLargeError, type Problem } from '../errors.ts';
import { countVertices } from './count_vertices.ts';

export interface VertexLimits {
  /** Most vertices one feature (an area, a drawn outline) may have. */
  perFeature: number;
  /** Most vertices one request (an import) may carry in all. */
  perRequest: number;
}

/**
 * Refuses (413) geometry over the vertex limits before any work is done on it: each feature over
 * `perFeature` is named with its count, and a request whose features add up to more than
 * `perRequest` is refused as a whole. `what` says what is refused ("Area import").
 *
 * @example checkVertexLimits([{ index: 0, code: 'x', geometry }], { perFeature: 100_000, perRequest: 1_000_000 }, 'Area import')
 */
export function checkVertexLimits(features: { index?: number; code?: string; geometry: unknown }[], limits: VertexLimits, what: string): void {
  const over: Problem[] = [];
  let total = 0;
  for (const f of features) {
    const n = countVertices(f.geometry);
    total += n;
    if (n > limits.perFeature) {
      over.push({ index: f.index, code: f.code, field: 'geometry', problem: `${n.toLocaleString('en')} vertices, over the limit of ${limits.perFeature.toLocaleString('en')} per feature (GRIDWORK_MAX_FEATURE_VERTICES)` });
    }
  }
  if (over.length) {
    const first = over[0];
    const where = first.index !== undefined ? ` (feature ${first.index}${first.code ? `, code ${first.code}` : ''})` : first.code ? ` (code ${first.code})` : '';
    const more = over.length > 1 ? `, and ${over.length - 1} more feature(s) over it` : '';
    throw new PayloadTooLargeError(`${what} refused: ${first.problem}${where}${more}. Simplify the geometry (for example with ST_SimplifyPreserveTopology or mapshaper) and send it again. Nothing was written.`, over);
  }
  if (total > limits.perRequest) {
    throw new PayloadTooLargeError(
      `${what} refused: its ${features.length.toLocaleString('en')} feature(s) have ${total.toLocaleString('en')} vertices in all, over the limit of ${limits.perRequest.toLocaleString('en')} per request (GRIDWORK_MAX_REQUEST_VERTICES). Split it into several requests or simplify it. Nothing was written.`,
      [{ field: 'features', problem: `${total} vertices in all, over ${limits.perRequest}` }],
    );
  }
}
