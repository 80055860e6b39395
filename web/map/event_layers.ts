import { isOverdue, type LiveEvent } from '../events/event_model.ts';
import { statusColour } from '../events/event_style.ts';

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
 * Heat cells from GET /api/events/heat ({ bins: [{ lon, lat, count }] }), for deck.gl's
 * HeatmapLayer weighted by count. Example: heatCells({ bins: [{ lon: 120, lat: 29, count: 3 }] }) → [{ position: [120, 29], weight: 3 }].
 */
export function heatCells(heat: { bins?: { lon: number; lat: number; count: number }[] }): HeatCell[] {
  return (heat.bins ?? []).filter((b) => b.count > 0).map((b) => ({ position: [b.lon, b.lat], weight: b.count }));
}

/**
 * Points from the page's live events (GET /api/events, then the event stream, as the command
 * centre keeps them): closed and cancelled ones left out, overdue marked as the server decides.
 */
export function pointsOfEvents(events: Iterable<LiveEvent>, nowMs: number): EventPoint[] {
  const out: EventPoint[] = [];
  for (const e of events) {
    if (CLOSED.has(e.status)) continue;
    out.push({ id: e.id, position: [e.lon, e.lat], category: e.category, severity: e.severity, status: e.status, overdue: isOverdue(e, nowMs) });
  }
  return out;
}

/** Point colour by status, the command centre's colours (web/events/event_style.ts), as [r, g, b, a]. */
export function eventColour(e: Pick<EventPoint, 'status'>): [number, number, number, number] {
  return statusColour(e.status);
}

/** The ring around a point: dark red when overdue (as the command centre's 红圈), else white. */
export function eventRing(e: Pick<EventPoint, 'overdue'>): [number, number, number, number] {
  return e.overdue ? [140, 0, 0, 255] : [255, 255, 255, 255];
}
