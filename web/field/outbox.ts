import { flushOutbox, type OutboxTransport } from './flush_outbox.ts';
import type { OutboxItem, OutboxStore } from './outbox_types.ts';

// While something waits, how often to try again (besides when the browser says it is online).
const RETRY_MS = 15_000;
// How long adding an item waits for the server's answer before the form says it was kept for sending.
const ANSWER_WAIT_MS = 8_000;

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

  /** Resolves once the item `id` has been sent (never, if it is refused). */
  whenSent(id: string): Promise<void> {
    return new Promise((resolve) => {
      const check = async () => {
        if ((await this.store.all()).find((i) => i.id === id)?.state !== 'sent') return;
        this.listeners = this.listeners.filter((fn) => fn !== onChange);
        resolve();
      };
      const onChange = () => void check();
      this.listeners.push(onChange);
      void check();
    });
  }

  /** Keeps `item` and sends it; resolves once the round is over or ANSWER_WAIT_MS have passed (it goes on). */
  async add(item: OutboxItem): Promise<void> {
    await this.store.put(item);
    this.changed();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.flush(), new Promise((resolve) => (timer = setTimeout(resolve, ANSWER_WAIT_MS)))]).finally(() => clearTimeout(timer));
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
