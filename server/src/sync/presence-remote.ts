/**
 * The presence of the other processes (presence-bus.ts), as this one knows it: which identities
 * have a socket there, and the entries their sockets hold in each room. Everything expires as
 * y-protocols awareness does (`timeoutMs`, 30 s): an identity its process stopped renewing, and
 * a room entry neither its client (every 15 s) nor its process renewed — so a process that dies
 * leaves no one shown online or typing for longer than that, and its people's last seen is its
 * last renewal. (A live process tells the others when a socket leaves, as it tells its own.)
 */
import type postgres from 'postgres';
import type { AwarenessEntry } from '@souk/sync';
import type { Logger } from '../logger.ts';
import {
  maxPayloadBytes,
  PostgresPresenceBus,
  type PresenceBus,
  type PresenceEnvelope,
} from './presence-bus.ts';

/** What the rooms of this process learn from the others, and what they tell them. */
export interface RemoteHooks {
  /** Entries from another process for a room (expired ones arrive as "null" states). */
  entries(doc: string, who: string, entries: AwarenessEntry[]): Promise<void>;
  /** An identity is now online on another process, or on none of them any more (`at`). */
  changed(identity: string, online: boolean, at: number): Promise<void>;
  /** Identities with a socket open on this process. */
  local(): Iterable<string>;
}

export interface RemoteEntry {
  who: string;
  entry: AwarenessEntry;
  from: string;
  until: number;
}

interface Holding {
  until: number;
  /** The holder's clock when it last vouched for the identity. */
  at: number;
}

export const presenceTimeoutMs = 30_000;

/** The other processes' presence on PostgreSQL; null on PGlite (one process, nothing to cross). */
export async function startRemotePresence(
  sql: postgres.Sql | null,
  config: { presenceTimeoutMs: number },
  parent: Logger,
): Promise<RemotePresence | null> {
  if (!sql) return null;
  const logger = parent.child({ part: 'presence' });
  const bus = await PostgresPresenceBus.start(sql, logger);
  const onError = (err: unknown) => logger.error({ err }, 'presence failed');
  return new RemotePresence(bus, config.presenceTimeoutMs, Date.now, onError);
}

export class RemotePresence {
  /** identity → process → holding. */
  private readonly holders = new Map<string, Map<string, Holding>>();
  /** room → client id → entry. */
  private readonly rooms = new Map<string, Map<number, RemoteEntry>>();
  private hooks: RemoteHooks | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: () => void = () => {};
  /** Notifications are handled one at a time, in the order they came. */
  private handling: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly bus: PresenceBus,
    private readonly timeoutMs = presenceTimeoutMs,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(hooks: RemoteHooks): void {
    this.hooks = hooks;
    this.unsubscribe = this.bus.subscribe((envelope) => {
      this.handling = this.handling.then(() => this.handle(envelope)).catch(this.onError);
    });
    this.bus.publish({ kind: 'hello' });
    this.timer = setInterval(() => {
      this.renew();
      this.handling = this.handling.then(() => this.sweep()).catch(this.onError);
    }, this.timeoutMs / 3);
    this.timer.unref();
  }

  /** Whether another process has a socket of `identity`. */
  online(identity: string): boolean {
    return this.holders.has(identity);
  }

  /** The other processes' entries in a room. */
  entries(doc: string): Iterable<RemoteEntry> {
    return this.rooms.get(doc)?.values() ?? [];
  }

  /** Who holds `clientId` in the room on another process. */
  holder(doc: string, clientId: number): string | undefined {
    return this.rooms.get(doc)?.get(clientId)?.who;
  }

  /** Entries this process relayed in a room: the others relay them too. */
  publishEntries(doc: string, who: string, entries: AwarenessEntry[]): void {
    if (entries.length > 0 && !this.closed)
      this.bus.publish({ kind: 'entries', doc, who, entries });
  }

  /** This process's first socket of `identity` opened, or its last one closed. */
  publishLocal(identity: string, online: boolean): void {
    if (this.closed) return;
    this.bus.publish(
      online ? { kind: 'online', ids: [identity] } : { kind: 'offline', who: identity },
    );
  }

  /** Shutdown: the others hear at once that this process's people left it. */
  async close(): Promise<void> {
    for (const identity of this.hooks?.local() ?? []) this.publishLocal(identity, false);
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe();
    await this.bus.close();
  }

  private async handle({ from, at, message }: PresenceEnvelope): Promise<void> {
    const hooks = this.hooks!;
    const until = this.now() + this.timeoutMs;
    if (message.kind === 'hello') return this.renew();
    if (message.kind === 'online') {
      for (const id of message.ids) {
        const came = !this.holders.has(id);
        const held = this.holders.get(id) ?? new Map<string, Holding>();
        held.set(from, { until, at });
        this.holders.set(id, held);
        if (came) await hooks.changed(id, true, at);
      }
      return;
    }
    if (message.kind === 'offline') return this.release(message.who, from, at);
    const room = this.rooms.get(message.doc) ?? new Map<number, RemoteEntry>();
    this.rooms.set(message.doc, room);
    for (const entry of message.entries) {
      if (entry.state === 'null') room.delete(entry.clientId);
      else room.set(entry.clientId, { who: message.who, entry, from, until });
    }
    if (room.size === 0) this.rooms.delete(message.doc);
    await hooks.entries(message.doc, message.who, message.entries);
  }

  /** `from` no longer holds `identity` (nor its entries); offline once no other process does. */
  private async release(identity: string, from: string, at: number): Promise<void> {
    for (const [doc, room] of [...this.rooms]) {
      const gone = [...room.values()].filter((e) => e.who === identity && e.from === from);
      await this.expire(doc, room, gone);
    }
    const held = this.holders.get(identity);
    if (!held?.delete(from) || held.size > 0) return;
    this.holders.delete(identity);
    await this.hooks!.changed(identity, false, at);
  }

  /** Tells the others every identity this process holds, in notifications that fit. */
  private renew(): void {
    let ids: string[] = [];
    let bytes = 0;
    for (const id of this.hooks?.local() ?? []) {
      if (bytes + id.length > maxPayloadBytes / 2) {
        this.bus.publish({ kind: 'online', ids });
        [ids, bytes] = [[], 0];
      }
      ids.push(id);
      bytes += id.length + 3;
    }
    if (ids.length > 0) this.bus.publish({ kind: 'online', ids });
  }

  /** What was not renewed in time is gone. */
  private async sweep(): Promise<void> {
    const now = this.now();
    for (const [identity, held] of [...this.holders]) {
      for (const [from, { until, at }] of [...held])
        if (until <= now) await this.release(identity, from, at);
    }
    for (const [doc, room] of [...this.rooms]) {
      // An entry lives while its client renews it or its process still vouches for its person.
      const gone = [...room.values()].filter(
        (e) => e.until <= now && !this.holders.get(e.who)?.has(e.from),
      );
      await this.expire(doc, room, gone);
    }
  }

  /** The entries are gone: the rooms here hear them leave. */
  private async expire(doc: string, room: Map<number, RemoteEntry>, gone: RemoteEntry[]) {
    for (const { entry, who } of gone) {
      room.delete(entry.clientId);
      const expired = { ...entry, clock: entry.clock + 1, state: 'null' };
      await this.hooks!.entries(doc, who, [expired]);
    }
    if (room.size === 0) this.rooms.delete(doc);
  }
}
