/**
 * The fan-out bus: after an update commits, every process learns of it and forwards it to its
 * own sockets. In one process (PGlite) that is an in-memory event; across processes it is
 * PostgreSQL NOTIFY carrying only the sequence number — the committed row is the message, so a
 * lost notification delays an update but can never lose it (catch-up reads the rows).
 */
import { EventEmitter } from 'node:events';
import type postgres from 'postgres';
import type { Logger } from '../logger.ts';

export interface CommittedUpdate {
  doc: string;
  seq: number;
  update: Uint8Array;
  /** The local socket that sent it (not forwarded back to it); never crosses processes. */
  origin?: object;
  /** What that socket lacks of `update` (the server's receive times): sent to it alone. */
  echo?: Uint8Array;
}

export interface Hub {
  publish(event: CommittedUpdate): void;
  /** Local and remote updates, each once. */
  subscribe(listener: (event: CommittedUpdate) => void): () => void;
  close(): Promise<void>;
}

export class LocalHub implements Hub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: CommittedUpdate): void {
    this.emitter.emit('update', event);
  }

  subscribe(listener: (event: CommittedUpdate) => void): () => void {
    this.emitter.on('update', listener);
    return () => this.emitter.off('update', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const channel = 'souk_updates';

/**
 * Reads the committed update `seq` of document `doc`. Should compaction have folded the row
 * already, the document's stored state stands for it, so the update is never skipped.
 */
export type FetchUpdate = (seq: number, doc: string) => Promise<CommittedUpdate | null>;

export class PostgresHub implements Hub {
  private readonly local = new LocalHub();
  private readonly processId = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private unlisten: (() => Promise<void>) | null = null;

  private constructor(
    private readonly sql: postgres.Sql,
    private readonly fetchUpdate: FetchUpdate,
    private readonly logger: Logger,
  ) {}

  static async start(
    sql: postgres.Sql,
    fetchUpdate: FetchUpdate,
    logger: Logger,
  ): Promise<PostgresHub> {
    const hub = new PostgresHub(sql, fetchUpdate, logger);
    const { unlisten } = await sql.listen(channel, (payload) => void hub.onNotify(payload));
    hub.unlisten = unlisten;
    return hub;
  }

  private async onNotify(payload: string): Promise<void> {
    const [origin, seqText] = payload.split(':', 2);
    if (origin === this.processId) return;
    const doc = payload.slice(`${origin}:${seqText}:`.length);
    try {
      const event = await this.fetchUpdate(Number(seqText), doc);
      if (event) this.local.publish(event);
    } catch (error) {
      this.logger.error({ err: error, payload }, 'could not read a notified update');
    }
  }

  publish(event: CommittedUpdate): void {
    this.local.publish(event);
    this.sql
      .notify(channel, `${this.processId}:${event.seq}:${event.doc}`)
      .catch((error: unknown) => {
        this.logger.error(
          { err: error, seq: event.seq },
          'notify failed; other processes will catch up',
        );
      });
  }

  subscribe(listener: (event: CommittedUpdate) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.unlisten?.();
    await this.local.close();
  }
}
