import type { Db } from '../db/db.ts';
import { isDatabaseUnavailable } from '../db/database_unavailable.ts';
import { insertEvents, type DuplicateRule, type InsertedEvent, type NewEvent } from '../db/queries/insert_events.ts';
import { insertLocatedEvents, type InsertedLocatedEvent, type LocatedEvent } from '../db/queries/insert_located_events.ts';
import { selectEventReportEntries } from '../db/queries/select_event_report_entries.ts';
import { publishEventFeed } from './event_feed.ts';

interface Pending<E, R> {
  event: E;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

type InsertBatch<E, R> = (db: Db, events: E[]) => Promise<R[]>;

// The most reports one statement takes: large enough to absorb a burst, small enough that one
// statement never holds the embedded database for long.
const MAX_BATCH = 256;

/**
 * Group commit for reports. The embedded database is one connection and pays a fixed cost per
 * statement (parse, plan, commit), so reports that arrive while a statement runs wait and go
 * together in the next one. A lone report goes after one turn of the event loop: batching adds
 * no noticeable delay when idle and turns a burst of N reports into a few statements instead of N.
 *
 * When the database is lost mid-statement (a restart), whether that batch committed is unknown:
 * its reports fail (503, the clients retry with the same ids, which are idempotent) and their ids
 * are kept. Once a statement succeeds again, the ones that had in fact been written are published
 * to the event stream then, so a stream client never misses an event whose acknowledgement was
 * lost (a retry finds it stored and, rightly, does not publish it again).
 */
class EventIntake<E extends { id: string }, R extends { seq: number | null }> {
  private queue: Pending<E, R>[] = [];
  private running = false;
  private uncertain = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly insert: InsertBatch<E, R>,
  ) {}

  submit(event: E): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Ids must be distinct within one statement: a second report with the same id (a fast
        // retry) waits for the next batch, where it finds the first and is answered as a retry.
        const batch: Pending<E, R>[] = [];
        const later: Pending<E, R>[] = [];
        const ids = new Set<string>();
        for (const p of this.queue) {
          if (batch.length < MAX_BATCH && !ids.has(p.event.id)) {
            ids.add(p.event.id);
            batch.push(p);
          } else later.push(p);
        }
        this.queue = later;
        await this.run(batch);
        // PGlite runs on this thread: while a statement ran, requests piled up unread on their
        // sockets. Let the event loop read them (setImmediate runs after the I/O poll) so that
        // they join the next batch instead of each taking a statement of its own.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }

  private async run(batch: Pending<E, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.insert(this.db, batch.map((p) => p.event));
    } catch (err) {
      if (isDatabaseUnavailable(err)) {
        for (const p of batch) this.uncertain.add(p.event.id);
        for (const p of batch) p.reject(err);
        return;
      }
      // One bad report must not fail the others: on an error, go one by one.
      if (batch.length === 1) batch[0].reject(err);
      else for (const p of batch) await this.insert(this.db, [p.event]).then(([r]) => p.resolve(r), p.reject);
      return;
    }
    if (this.uncertain.size > 0) await this.publishUncertain(batch, results);
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  /** Publishes the reports of lost batches that were written after all (not those this batch just created: their callers publish them). */
  private async publishUncertain(batch: Pending<E, R>[], results: R[]): Promise<void> {
    const createdNow = new Set(batch.filter((_, i) => results[i].seq !== null).map((p) => p.event.id));
    const ids = [...this.uncertain].filter((id) => !createdNow.has(id));
    try {
      const entries = await selectEventReportEntries(this.db, ids);
      this.uncertain.clear();
      for (const entry of entries) publishEventFeed(this.db, entry);
    } catch (err) {
      console.warn(`could not yet check the reports of a lost batch: ${err instanceof Error ? err.message : err}`);
    }
  }
}

const intakes = new WeakMap<Db, { sql?: EventIntake<NewEvent, InsertedEvent>; located?: EventIntake<LocatedEvent, InsertedLocatedEvent> }>();

function intakesOf(db: Db) {
  let i = intakes.get(db);
  if (!i) intakes.set(db, (i = {}));
  return i;
}

/** Inserts one report, located in SQL, through `db`'s batching intake; see insertEvents. The baseline path (GRIDWORK_EVENT_LOCATE=sql). */
export function submitEventReport(db: Db, event: NewEvent, dup: DuplicateRule): Promise<InsertedEvent> {
  const i = intakesOf(db);
  i.sql ??= new EventIntake(db, (d, events) => insertEvents(d, events, dup));
  return i.sql.submit(event);
}

/** Inserts one report already located in memory through `db`'s batching intake; see insertLocatedEvents. */
export function submitLocatedEventReport(db: Db, event: LocatedEvent, dup: DuplicateRule): Promise<InsertedLocatedEvent> {
  const i = intakesOf(db);
  i.located ??= new EventIntake(db, (d, events) => insertLocatedEvents(d, events, dup));
  return i.located.submit(event);
}
