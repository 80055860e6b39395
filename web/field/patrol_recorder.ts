import { newClientId } from './outbox_store.ts';
import type { Outbox } from './outbox.ts';
import { shouldRecord, trackMetres, type Fix } from './track_sampling.ts';

/** A patrol being walked, as the phone keeps it (localStorage: a reload or a closed tab resumes it). */
export interface RunningPatrol {
  id: string;
  startedAt: number;
  /** Every point recorded, for the distance shown while offline and the line drawn on the phone's map. */
  points: Fix[];
  /** How many of `points` are already in the outbox (the rest wait for the next batch). */
  queued: number;
}

// A batch goes to the outbox every BATCH_POINTS points, or once its oldest point is BATCH_MS old:
// a request a minute or so while walking, and at most that much lost if the phone dies.
const BATCH_POINTS = 12;
const BATCH_MS = 60_000;

/**
 * Records a patrol (巡查): start, each fix from the phone's Geolocation (sampled by
 * shouldRecord), stop. Points go to the outbox in batches, each batch with its own client id,
 * so the server stores each exactly once however often the outbox sends it; start, batches and
 * stop are sent in the order they were made.
 */
export class PatrolRecorder {
  private state: RunningPatrol | null;
  private readonly key: string;
  private lastMade = 0;

  /** When an item is made: strictly later than the one before, so the outbox sends them in this order. */
  private made(): number {
    this.lastMade = Math.max(Date.now(), this.lastMade + 1);
    return this.lastMade;
  }

  constructor(
    private readonly outbox: Outbox,
    username: string,
  ) {
    this.key = `gridwork.patrol.${username}`;
    const kept = localStorage.getItem(this.key);
    this.state = kept ? (JSON.parse(kept) as RunningPatrol) : null;
  }

  get running(): RunningPatrol | null {
    return this.state;
  }

  /** Metres walked so far, by the phone's own reckoning. */
  get metres(): number {
    return this.state ? trackMetres(this.state.points) : 0;
  }

  async start(now = Date.now()): Promise<RunningPatrol> {
    if (this.state) return this.state;
    const id = newClientId('pt');
    this.state = { id, startedAt: now, points: [], queued: 0 };
    this.save();
    await this.outbox.add({ kind: 'patrol_start', id: `${id}-start`, patrolId: id, body: { id, started_at: new Date(now).toISOString() }, label: label(now), createdAt: this.made(), photos: [], state: 'waiting', tries: 0 });
    return this.state;
  }

  /** Takes a fix; true when it became a track point. */
  async onFix(fix: Fix): Promise<boolean> {
    const s = this.state;
    if (!s) return false;
    if (!shouldRecord(s.points[s.points.length - 1] ?? null, fix)) return false;
    s.points.push(fix);
    this.save();
    const waiting = s.points.slice(s.queued);
    if (waiting.length >= BATCH_POINTS || fix.t - waiting[0].t >= BATCH_MS) await this.queueBatch();
    return true;
  }

  async stop(now = Date.now()): Promise<string | null> {
    const s = this.state;
    if (!s) return null;
    await this.queueBatch();
    const stoppedAt = Math.max(now, s.points[s.points.length - 1]?.t ?? now);
    this.state = null;
    localStorage.removeItem(this.key);
    await this.outbox.add({ kind: 'patrol_stop', id: `${s.id}-stop`, patrolId: s.id, stoppedAt: new Date(stoppedAt).toISOString(), label: label(s.startedAt), createdAt: this.made(), photos: [], state: 'waiting', tries: 0 });
    return s.id;
  }

  private async queueBatch(): Promise<void> {
    const s = this.state;
    if (!s || s.queued >= s.points.length) return;
    const points = s.points.slice(s.queued).map((p) => ({ lon: p.lon, lat: p.lat, t: new Date(p.t).toISOString(), accuracy: p.accuracy }));
    s.queued = s.points.length;
    this.save();
    await this.outbox.add({ kind: 'patrol_points', id: newClientId('pb'), patrolId: s.id, points, label: label(s.startedAt), createdAt: this.made(), photos: [], state: 'waiting', tries: 0 });
  }

  private save(): void {
    if (this.state) localStorage.setItem(this.key, JSON.stringify(this.state));
  }
}

const label = (startedAt: number) => new Date(startedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
