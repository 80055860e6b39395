import { flushOutbox, type OutboxTransport } from './flush_outbox.ts';
import type { OutboxItem, OutboxStore } from './outbox_types.ts';

// While something waits, how often to try again (besides when the browser says it is online).
const RETRY_MS = 15_000;

/**
 * The phone's outbox: what was made on the phone (reports, steps on events, photos) waits here
 * until the server has it. Adding an item tries to send at once; a failed round is tried again
 * when the browser comes back online and every RETRY_MS while anything waits. One round at a time.
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners: (() => void)[] = [];

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
  ) {
    addEventListener('online', () => void this.flush());
  }

  items(): Promise<OutboxItem[]> {
    return this.store.all();
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  async add(item: OutboxItem): Promise<void> {
    await this.store.put(item);
    this.changed();
    await this.flush();
  }

  /** Sends what waits; resolves when this round (and one asked for meanwhile) is over. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await flushOutbox(this.store, this.transport, () => this.changed());
        } while (this.again);
      } finally {
        this.running = null;
        this.changed();
        void this.scheduleRetry();
      }
    })();
    return this.running;
  }

  private async scheduleRetry(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if ((await this.store.all()).some((i) => i.state === 'waiting')) this.timer = setTimeout(() => void this.flush(), RETRY_MS);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}
