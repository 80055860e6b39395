import type { Db } from '../db/db.ts';
import { insertEvents, type DuplicateRule, type InsertedEvent, type NewEvent } from '../db/queries/insert_events.ts';

interface Pending {
  event: NewEvent;
  resolve: (r: InsertedEvent) => void;
  reject: (err: unknown) => void;
}

// The most reports one statement takes: large enough to absorb a burst, small enough that one
// statement never holds the embedded database for long.
const MAX_BATCH = 256;

/**
 * Group commit for reports. The embedded database is one connection and pays a fixed cost per
 * statement (parse, plan, commit), so reports that arrive while a statement runs wait and go
 * together in the next one. A lone report goes after one turn of the event loop: batching adds
 * no noticeable delay when idle and turns a burst of N reports into a few statements instead of N.
 */
class EventIntake {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly db: Db, private readonly dup: DuplicateRule) {}

  submit(event: NewEvent): Promise<InsertedEvent> {
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
        const batch: Pending[] = [];
        const later: Pending[] = [];
        const ids = new Set<string>();
        for (const p of this.queue) {
          if (batch.length < MAX_BATCH && !ids.has(p.event.id)) {
            ids.add(p.event.id);
            batch.push(p);
          } else later.push(p);
        }
        this.queue = later;
        try {
          const results = await insertEvents(this.db, batch.map((p) => p.event), this.dup);
          batch.forEach((p, i) => p.resolve(results[i]));
        } catch (err) {
          // One bad report must not fail the others: on an error, go one by one.
          if (batch.length === 1) batch[0].reject(err);
          else for (const p of batch) await insertEvents(this.db, [p.event], this.dup).then(([r]) => p.resolve(r), p.reject);
        }
        // PGlite runs on this thread: while a statement ran, requests piled up unread on their
        // sockets. Let the event loop read them (setImmediate runs after the I/O poll) so that
        // they join the next batch instead of each taking a statement of its own.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.running = false;
    }
  }
}

const intakes = new WeakMap<Db, EventIntake>();

/** Inserts one report through `db`'s batching intake; see insertEvents for what it does. */
export function submitEventReport(db: Db, event: NewEvent, dup: DuplicateRule): Promise<InsertedEvent> {
  let intake = intakes.get(db);
  if (!intake) intakes.set(db, (intake = new EventIntake(db, dup)));
  return intake.submit(event);
}
