import { randomUUID } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { selectEvent } from '../db/queries/select_event.ts';
import type { DuplicateRule, InsertedEvent, NewEvent } from '../db/queries/insert_events.ts';
import { eventFingerprint } from '../domain/events/event_fingerprint.ts';
import { OPEN_STATUSES, type EventLevel, type EventSeverity, type EventSource } from '../domain/events/event_types.ts';
import { openEvent } from '../domain/events/open_event.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { publishEventFeed } from './event_feed.ts';
import { emitPointsChanged } from './point_changes.ts';
import { assertKnownCategories, eventRules } from './event_rules.ts';
import { submitEventReport, submitLocatedEventReport } from './event_intake.ts';
import { locateEventCell } from './locate_event_cell.ts';
import type { EventSettings } from './event_settings.ts';
import { eventView, type EventView } from './event_view.ts';

export interface EventReportInput {
  /** The client's idempotency key; a server uuid when absent. */
  id?: string;
  category: string;
  severity: EventSeverity;
  description: string;
  lon: number;
  lat: number;
  source: EventSource;
  reporter?: string | null;
  photo_ref?: string | null;
  /** Ids of photos uploaded with POST /api/media (the caller checked they may use them), in order. */
  media?: string[];
  address?: string | null;
  /** The intake level; by default the 12345 hotline and Open311 land at the town centre, the rest at the grid. */
  level?: EventLevel;
  /** ISO time of the report, for intake from other systems; now when absent. */
  reported_at?: string;
  /** The signed-in user (or Open311 key) that sent it, for the audit log. */
  actor?: string;
}

/**
 * Reports an event: snaps its point to a cell and grid, starts its clock, offers likely
 * duplicates, and writes it with its first log entry atomically (one statement, batched with concurrent reports). The same id with
 * the same report returns the stored event (`created: false`); with a different report, a 409.
 * `mayRead` says whether the reporter may read an event at an area path (codes from the root
 * down): a key that collides with an event they may not read is a bare 409 that tells nothing of it.
 */
export async function reportEvent(
  db: Db,
  input: EventReportInput,
  settings: Pick<EventSettings, 'duplicateRadiusM' | 'duplicateHours'>,
  mayRead: (areaPath: string[]) => boolean = () => true,
): Promise<{ created: boolean; event: EventView }> {
  const rules = await eventRules(db);
  assertKnownCategories(rules, [input.category]);
  const id = input.id ?? randomUUID();
  // Who sent it is not part of the report: a retry by another client is still the same report.
  const { actor: _actor, ...report } = input;
  const hash = eventFingerprint(report);
  const now = Date.now();
  const at = input.reported_at ?? new Date(now).toISOString();
  if (Date.parse(at) > now + 5 * 60_000) {
    throw new ValidationError(`reported_at ${at} is in the future; leave it out to mean now.`, [{ field: 'reported_at', problem: 'in the future' }]);
  }
  const level = input.level ?? (input.source === 'hotline_12345' || input.source === 'open311' ? 'town' : 'grid');
  const state = openEvent({ category: input.category, severity: input.severity, level, at }, rules.deadlines);
  const row = {
    id, category: input.category, severity: input.severity, description: input.description, source: input.source,
    reporter: input.reporter ?? null, address: input.address ?? null,
    // The first photo stands for the event where one link is shown (lists, Open311's media_url).
    photo_ref: input.photo_ref ?? (input.media?.length ? `/api/media/${encodeURIComponent(input.media[0])}` : null),
    media: input.media?.length ? input.media.join(',') : null,
    lon: input.lon, lat: input.lat, status: state.status, level: state.level, due_at: state.dueAt, reported_at: at,
    request_hash: hash, by: input.reporter || input.source, actor: input.actor,
  };
  const r = await submitReport(db, row, { radiusM: settings.duplicateRadiusM, hours: settings.duplicateHours, openStatuses: OPEN_STATUSES });
  if (r.region === null || !r.in_grid) {
    const where = r.region === null ? 'outside every area' : `in ${r.cell_level} ${r.cell_code} (${r.cell_name}) but in none of its grids: a gap in the coverage`;
    throw new ValidationError(`The location ${input.lon}, ${input.lat} lies ${where}. An event must fall in a grid; check the coordinates (longitude first, WGS84).`, [
      { field: 'location', problem: `outside every grid (${input.lon}, ${input.lat})` },
    ]);
  }
  if (r.seq === null) {
    // The id exists: a retry of the same report, or a different report reusing the key.
    const existing = await selectEvent(db, id);
    if (!existing) throw new ConflictError(`An event with id "${id}" is being written by another request; retry.`);
    if (!mayRead(existing.area_path.split('/'))) {
      throw new ConflictError(`The id "${id}" cannot be used: an id is an idempotency key, and a new report needs a new one (a fresh UUID, or leave it out).`);
    }
    if (existing.request_hash !== hash) {
      throw new ConflictError(
        `The id "${id}" already names a different event (reported ${existing.reported_at}, ${existing.category}). ` +
          'An id is an idempotency key: a retry must send the same report; a new report needs a new id.',
      );
    }
    return { created: false, event: eventView(existing, now) };
  }
  publishEventFeed(db, {
    seq: r.seq, action: 'report', from_status: null, to_status: state.status, from_level: null, to_level: state.level,
    assignee: null, due_at: state.dueAt, note: null, by: row.by, at, event_id: id, region: r.region,
    category: row.category, severity: row.severity, description: row.description, source: row.source,
    lon: row.lon, lat: row.lat, grid_code: r.grid_code, grid_name: r.grid_name, area_path: r.area_path!, reported_at: at,
  });
  emitPointsChanged(db, { layer: 'events', points: [row] });
  return {
    created: true,
    event: eventView({
      ...row, region: r.region, cell_code: r.cell_code, grid_code: r.grid_code, grid_name: r.grid_name, area_path: r.area_path!,
      assignee: null, suspended_from: null, suspended_at: null, updated_at: at, closed_at: null,
      likely_duplicates: r.likely_duplicates ?? [],
    }, now),
  };
}

/**
 * Locates and writes one report. The point is located in memory (the assignment engine's index,
 * as /api/locate does) and only the write goes to the database; GRIDWORK_EVENT_LOCATE=sql keeps
 * the earlier path that locates in SQL within the insert (the baseline of `npm run bench -- events`).
 */
async function submitReport(db: Db, row: NewEvent, dup: DuplicateRule): Promise<InsertedEvent> {
  if (process.env.GRIDWORK_EVENT_LOCATE === 'sql') return submitEventReport(db, row, dup);
  const cell = await locateEventCell(db, row.lon, row.lat);
  if (!cell) {
    return { region: null, cell_id: null, cell_code: null, cell_name: null, cell_level: null, area_path: null, in_grid: null, grid_code: null, grid_name: null, likely_duplicates: null, seq: null };
  }
  if (!cell.in_grid) return { ...cell, likely_duplicates: null, seq: null };
  const r = await submitLocatedEventReport(db, { ...row, ...cell }, dup);
  return { ...cell, likely_duplicates: r.likely_duplicates, seq: r.seq };
}
