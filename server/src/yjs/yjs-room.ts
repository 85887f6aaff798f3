/**
 * The sockets of the y-websocket door open on one document, and their awareness: presence and
 * cursors, relayed between these sockets and never stored (a process holds the last state of
 * each client id only while the socket that announced it is open; awareness does not cross
 * processes, and the multiplexed /sync socket carries none).
 *
 * An awareness client id belongs to the identity that holds it: one bound to another identity in
 * the document (doc_clients, the validator's binding of Yjs client ids), or announced here by a
 * socket of another identity, is dropped; a socket announces at most `maxClients` ids.
 */
import type { AwarenessEntry } from './awareness-entries.ts';
import { writeAwarenessEntries } from './awareness-entries.ts';
import { awarenessFrame } from './yjs-messages.ts';

/** What the room needs of a socket. */
export interface RoomSocket {
  readonly identity: string;
  sendFrame(frame: Uint8Array<ArrayBuffer>): void;
}

/** Whose a Yjs client id is in a document (null: nobody's yet). */
export type ClientOwner = (doc: string, clientId: number) => Promise<string | null>;

export class YjsRoom<S extends RoomSocket> {
  readonly sockets = new Set<S>();
  /** Sockets of this room not yet closed, started or not (the room lives as long as they do). */
  holders = 0;
  private readonly states = new Map<number, { owner: S; entry: AwarenessEntry }>();

  constructor(
    readonly doc: string,
    private readonly ownerOf: ClientOwner,
    private readonly maxClients: number,
  ) {}

  /** Keeps and relays the entries `from` may announce; returns how many were dropped. */
  async announce(from: S, entries: readonly AwarenessEntry[]): Promise<number> {
    const kept: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (await this.mayAnnounce(from, entry.clientId)) kept.push(entry);
    }
    for (const entry of kept) {
      if (entry.state === 'null') this.states.delete(entry.clientId);
      else this.states.set(entry.clientId, { owner: from, entry });
    }
    if (kept.length > 0) this.relay(from, kept);
    return entries.length - kept.length;
  }

  /** Every state held, for a new socket or a query. */
  current(): Uint8Array | null {
    if (this.states.size === 0) return null;
    return writeAwarenessEntries([...this.states.values()].map((s) => s.entry));
  }

  /** The socket left: its clients are gone for everyone else. */
  leave(socket: S): void {
    this.sockets.delete(socket);
    const gone: AwarenessEntry[] = [];
    for (const [clientId, { owner, entry }] of this.states) {
      if (owner !== socket) continue;
      this.states.delete(clientId);
      gone.push({ clientId, clock: entry.clock + 1, state: 'null' });
    }
    if (gone.length > 0) this.relay(socket, gone);
  }

  private async mayAnnounce(from: S, clientId: number): Promise<boolean> {
    const held = this.states.get(clientId);
    if (held) return held.owner.identity === from.identity;
    let mine = 0;
    for (const { owner } of this.states.values()) if (owner === from) mine++;
    if (mine >= this.maxClients) return false;
    const owner = await this.ownerOf(this.doc, clientId);
    return owner === null || owner === from.identity;
  }

  private relay(from: S, entries: AwarenessEntry[]): void {
    const frame = awarenessFrame(writeAwarenessEntries(entries));
    for (const socket of this.sockets) if (socket !== from) socket.sendFrame(frame);
  }
}
