/**
 * The one way the service talks to PostgreSQL + PostGIS, whichever database is underneath:
 * PGlite embedded in the process (the default) or a PostGIS server through `pg` (DATABASE_URL).
 * Queries are written once, in the SQL subset both run; where the two PostGIS builds differ the
 * caller branches on `capabilities` (see capabilities.ts), never on the driver's name.
 */
export interface Queryable {
  /** Runs one statement with `$n` parameters and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Capabilities {
  /** ST_AsMVT works (needs PostGIS built with protobuf; PGlite's is not). */
  asMvt: boolean;
  /** The PostGIS 3.4+ coverage functions exist (ST_CoverageInvalidEdges …; Debian's 3.3 lacks them). */
  coverageFunctions: boolean;
  postgisVersion: string;
}

/**
 * Other processes writing the same database: more service processes on one PostGIS server, or
 * the import CLI. Through it a process tells the others what it committed and hears what they did
 * (PostgreSQL's LISTEN/NOTIFY), so that their caches follow.
 */
export interface DbPeers {
  /** This pool's own name: what it sends carries it, so that it can ignore its own messages. */
  readonly id: string;
  /** Sends `payload` (under 8,000 bytes) to every process listening on `channel`. */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Calls `onMessage` with each payload sent on `channel`, and `onGap` each time a lost
   * connection is back (what was sent meanwhile is lost). Returns the function that stops it.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap: () => void): () => void;
}

export interface Db extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  capabilities: Capabilities;
  /** Absent on the embedded database, which one process holds at a time. */
  readonly peers?: DbPeers;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Inside
   * heavy work (statement_limits.ts) its statements stop at the work's limits and it rolls back.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * What the database is doing, without asking it (for /api/health, which must not queue behind a
   * heavy statement on the embedded database's single connection, nor behind a busy server):
   * `busy` while statements are in flight, `restarting` while the embedded one reopens after a
   * statement was stopped. A PostGIS server that is unreachable is `idle`: health then waits for
   * it and says it is down.
   */
  activity?(): 'idle' | 'busy' | 'restarting';
  /**
   * Whether the database answers, asked on a connection kept for it alone (a PostGIS server), so
   * that a pool busy with other work does not hold /api/health's answer. Absent: ask with a query.
   */
  ping?(): Promise<void>;
  /** Ends the connections; on the embedded database, lets running statements finish for a few seconds first. */
  close(): Promise<void>;
}
