/**
 * How presence crosses processes (presence-remote.ts): like the update hub (hub.ts) it rides
 * PostgreSQL LISTEN/NOTIFY, on its own channel, but here the notification *is* the message —
 * presence is best effort and never stored, so nothing of it is written to any table. A lost
 * notification is mended by the next renewal (clients renew their state every 15 s, processes
 * their online identities every third of the timeout). With PGlite there is one process and
 * nothing to cross: no bus at all.
 */
import type postgres from 'postgres';
import type { AwarenessEntry } from '@souk/sync';
import type { Logger } from '../logger.ts';

export type PresenceMessage =
  /** Entries of `who`'s sockets on the sender, as relayed there (a "null" state: gone). */
  | { kind: 'entries'; doc: string; who: string; entries: AwarenessEntry[] }
  /** These identities have a socket on the sender (sent on a change and as a renewal). */
  | { kind: 'online'; ids: string[] }
  /** The sender's last socket of `who` closed. */
  | { kind: 'offline'; who: string }
  /** A process started: the others renew at once instead of at their next tick. */
  | { kind: 'hello' };

export interface PresenceEnvelope {
  /** The sending process. */
  from: string;
  /** The sender's clock when it sent (a last seen comes from it). */
  at: number;
  message: PresenceMessage;
}

export interface PresenceBus {
  readonly processId: string;
  /** To every other process (never back to this one), best effort. */
  publish(message: PresenceMessage): void;
  subscribe(listener: (envelope: PresenceEnvelope) => void): () => void;
  close(): Promise<void>;
}

const channel = 'souk_presence';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const maxPayloadBytes = 7900;
/** Notifications waiting to be sent; beyond it presence is dropped (the database is behind). */
const maxPending = 1000;

export class PostgresPresenceBus implements PresenceBus {
  readonly processId = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly listeners = new Set<(envelope: PresenceEnvelope) => void>();
  private unlisten: (() => Promise<void>) | null = null;
  /** Sent one after another, so the others hear a process's messages in its order. */
  private sending: Promise<void> = Promise.resolve();
  private pending = 0;

  private constructor(
    private readonly sql: postgres.Sql,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  static async start(
    sql: postgres.Sql,
    logger: Logger,
    now: () => number = Date.now,
  ): Promise<PostgresPresenceBus> {
    const bus = new PostgresPresenceBus(sql, logger, now);
    const { unlisten } = await sql.listen(channel, (payload) => bus.onNotify(payload));
    bus.unlisten = unlisten;
    return bus;
  }

  publish(message: PresenceMessage): void {
    const payload = JSON.stringify({ from: this.processId, at: this.now(), message });
    if (Buffer.byteLength(payload) > maxPayloadBytes || this.pending >= maxPending) {
      this.logger.warn({ kind: message.kind, pending: this.pending }, 'presence not sent');
      return;
    }
    this.pending++;
    this.sending = this.sending
      .then(async () => void (await this.sql.notify(channel, payload)))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'presence notify failed'))
      .finally(() => this.pending--);
  }

  subscribe(listener: (envelope: PresenceEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.sending;
    await this.unlisten?.();
  }

  private onNotify(payload: string): void {
    const envelope = readEnvelope(payload);
    if (!envelope) return this.logger.warn({ payload }, 'unreadable presence notification');
    if (envelope.from === this.processId) return;
    for (const listener of this.listeners) listener(envelope);
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A notification as some process of ours sent it, or null for anything else. */
export function readEnvelope(payload: string): PresenceEnvelope | null {
  let value: { from?: unknown; at?: unknown; message?: Record<string, unknown> };
  try {
    value = JSON.parse(payload) as typeof value;
  } catch {
    return null;
  }
  const { from, at, message: m } = value ?? {};
  if (!isString(from) || !isCount(at) || typeof m !== 'object' || m === null) return null;
  const envelope = { from, at, message: m as PresenceMessage };
  switch (m.kind) {
    case 'hello':
      return envelope;
    case 'offline':
      return isString(m.who) ? envelope : null;
    case 'online':
      return Array.isArray(m.ids) && m.ids.every(isString) ? envelope : null;
    case 'entries': {
      const entries = m.entries as AwarenessEntry[];
      const ok =
        isString(m.doc) &&
        isString(m.who) &&
        Array.isArray(entries) &&
        entries.every((e) => isCount(e?.clientId) && isCount(e.clock) && isString(e.state));
      return ok ? envelope : null;
    }
    default:
      return null;
  }
}
