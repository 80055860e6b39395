/** A photo waiting in the outbox: its client id (the media id it will have) and its shrunk bytes. */
export interface OutboxPhoto {
  id: string;
  blob: Blob;
  /** Sent to POST /api/media and acknowledged. */
  uploaded: boolean;
}

interface OutboxBase {
  /** The client id: the event's id (a report) or the transition's client_id; the idempotency key. */
  id: string;
  /** When it was made on the phone (ms), the order they are sent in. */
  createdAt: number;
  photos: OutboxPhoto[];
  state: 'waiting' | 'sent' | 'refused';
  /** Why the server refused it (its message), or why the last try failed (network). */
  problem?: string;
  /** The HTTP status of that answer; 0 when none came (no network). */
  status?: number;
  sentAt?: number;
  tries: number;
  /** A line to show in the list: the category and description, or the action and the event. */
  label: string;
}

/** A report (事件上报) made on the phone: POST /api/events with `id` and the photos' ids as `media`. */
export interface OutboxReport extends OutboxBase {
  kind: 'report';
  body: Record<string, unknown>;
}

/** A step on an event (受理, 开始处置, 办结 …): POST /api/events/:eventId/transitions with `client_id`. */
export interface OutboxTransition extends OutboxBase {
  kind: 'transition';
  eventId: string;
  body: Record<string, unknown>;
}

/** Photos added to an event reported before (附加到已有事件): POST /api/events/:eventId/media. */
export interface OutboxAttach extends OutboxBase {
  kind: 'attach';
  eventId: string;
}

/** A patrol started (巡查开始): POST /api/patrols with its client id. */
export interface OutboxPatrolStart extends OutboxBase {
  kind: 'patrol_start';
  patrolId: string;
  body: { id: string; started_at: string };
}

/** A batch of track points: POST /api/patrols/:patrolId/points with `batch` (the item's id). */
export interface OutboxPatrolPoints extends OutboxBase {
  kind: 'patrol_points';
  patrolId: string;
  points: { lon: number; lat: number; t: string; accuracy: number }[];
}

/** A patrol stopped: POST /api/patrols/:patrolId/stop. */
export interface OutboxPatrolStop extends OutboxBase {
  kind: 'patrol_stop';
  patrolId: string;
  stoppedAt: string;
}

/** A visit (走访): POST /api/visits with `id` and the photos' ids as `media`. */
export interface OutboxVisit extends OutboxBase {
  kind: 'visit';
  body: { unit: string; note: string; visited_at: string; patrol_id?: string };
}

export type OutboxItem = OutboxReport | OutboxTransition | OutboxAttach | OutboxPatrolStart | OutboxPatrolPoints | OutboxPatrolStop | OutboxVisit;

/** Where the outbox keeps its items: IndexedDB on the phone (outbox_store.ts), a Map in unit tests. */
export interface OutboxStore {
  all(): Promise<OutboxItem[]>;
  put(item: OutboxItem): Promise<void>;
  delete(id: string): Promise<void>;
}
