import { openDB, type IDBPDatabase } from 'idb';
import type { OutboxItem, OutboxStore } from './outbox_types.ts';

const DB_NAME = 'gridwork-field';
const STORE = 'outbox';

/**
 * The outbox in IndexedDB (store `outbox` of database `gridwork-field`, keyed by client id):
 * reports, transitions and their photos (as Blobs) stay on the phone through a closed tab or a
 * restart until the server has them. `user` keeps one user's items from another's on a shared phone.
 */
export function indexedDbOutbox(user: string): OutboxStore {
  let db: Promise<IDBPDatabase> | null = null;
  const open = () =>
    (db ??= openDB(DB_NAME, 1, {
      upgrade(d) {
        d.createObjectStore(STORE, { keyPath: 'key' });
      },
    }));
  const key = (id: string) => `${user}\u0001${id}`;
  return {
    async all() {
      const rows = (await (await open()).getAll(STORE)) as (OutboxItem & { key: string; user: string })[];
      return rows.filter((r) => r.user === user).map(({ key: _k, user: _u, ...item }) => item as OutboxItem);
    },
    async put(item) {
      await (await open()).put(STORE, { ...item, key: key(item.id), user });
    },
    async delete(id) {
      await (await open()).delete(STORE, key(id));
    },
  };
}

/** A client id: random, unique enough to be an idempotency key (crypto.randomUUID needs https). */
export function newClientId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
