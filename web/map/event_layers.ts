/** An open event as the map draws it with deck.gl. */
export interface EventPoint {
  id: string;
  position: [number, number];
  category: string;
  severity: string;
  status: string;
  overdue: boolean;
}

export interface HeatCell {
  position: [number, number];
  weight: number;
}

const CLOSED = new Set(['closed', 'cancelled']);

/**
 * Open events from GET /api/events?format=geojson (a FeatureCollection of points), for deck.gl's
 * ScatterplotLayer; closed and cancelled ones are left out, and so is anything without a point.
 * Example: eventPoints({ features: [{ id: 'e1', geometry: Point[120, 29], properties: { status: 'reported', … } }] }) → [{ id: 'e1', position: [120, 29], … }].
 */
export function eventPoints(fc: GeoJSON.FeatureCollection): EventPoint[] {
  const out: EventPoint[] = [];
  for (const f of fc.features) {
    if (f.geometry?.type !== 'Point') continue;
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const status = String(p.status ?? '');
    if (CLOSED.has(status)) continue;
    const [lon, lat] = f.geometry.coordinates;
    out.push({
      id: String(f.id ?? p.id ?? ''),
      position: [lon, lat],
      category: String(p.category ?? 'other'),
      severity: String(p.severity ?? 'medium'),
      status,
      overdue: p.overdue === true,
    });
  }
  return out;
}

/**
 * Heat cells from GET /api/events/heat ({ bins: [{ lon, lat, count }] }), for deck.gl's
 * HeatmapLayer weighted by count. Example: heatCells({ bins: [{ lon: 120, lat: 29, count: 3 }] }) → [{ position: [120, 29], weight: 3 }].
 */
export function heatCells(heat: { bins?: { lon: number; lat: number; count: number }[] }): HeatCell[] {
  return (heat.bins ?? []).filter((b) => b.count > 0).map((b) => ({ position: [b.lon, b.lat], weight: b.count }));
}

/** Point colour by severity, as [r, g, b, a]; overdue events are drawn darker red whatever their severity. */
export function eventColour(e: Pick<EventPoint, 'severity' | 'overdue'>): [number, number, number, number] {
  if (e.overdue) return [140, 0, 0, 230];
  switch (e.severity) {
    case 'critical':
      return [204, 0, 0, 220];
    case 'high':
      return [230, 145, 56, 220];
    case 'low':
      return [61, 133, 198, 200];
    default:
      return [241, 194, 50, 220];
  }
}
