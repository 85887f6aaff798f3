/**
 * Presence on the /sync socket (sync/src/presence/presence-state.ts, docs/protocol.md): one room
 * per conversation, joined by the first awareness frame a member's socket sends for it. Typing
 * states are relayed with their author's identity stamped in; each room also hears, from the
 * server, whether its other members are online (a socket open on this process) and, unless
 * either side hides it, when they were last seen. All of it lives in memory only: nothing is
 * stored, and a restart forgets every last seen. With several processes the others' sockets and
 * entries come through `remote` (presence-remote.ts), and what is relayed here goes to them.
 * Between two people of whom one blocked the other, neither sees anything of the other's presence.
 *
 * Every update is checked before anything of it is relayed: bounded in rate here (a flood closes
 * the socket, as on the y-websocket door), in size, membership, client ids and shape by
 * presence-check.ts. A refused update is answered with a connection-level error frame naming the
 * room.
 */
import {
  closeCodes,
  presenceLimits as defaultLimits,
  readAwarenessEntries,
  readClientPresence,
  writeAwarenessEntries,
  type AwarenessEntry,
  type ErrorKind,
  type PresenceState,
  type Reason,
  type ServerFrame,
} from '@souk/sync';
import { AwarenessBudget } from '../yjs/yjs-awareness-budget.ts';
import type { ClientOwner } from '../yjs/yjs-room.ts';
import { ChoicesCache, type PresenceChoices } from './presence-choices.ts';
import { checkAwareness } from './presence-check.ts';
import type { RemotePresence } from './presence-remote.ts';

/** What presence needs of a /sync connection. */
export interface PresenceSocket {
  readonly identity: string;
  send(frame: ServerFrame): void;
  /** A connection-level refusal (counts against the socket's refusal budget). */
  refuse(kind: ErrorKind, reason: Reason): void;
  close(code: number, reason: string): void;
}

export interface PresenceDeps {
  members(doc: string): Promise<Set<string>>;
  ownerOf: ClientOwner;
  /** What the identity's preferences say of presence (presence-choices.ts). */
  choices(identity: string): Promise<PresenceChoices>;
  /** Whether the identity has a socket open, on this process or another. */
  online(identity: string): boolean;
  now(): number;
  /** The other processes' presence (null: this is the only one). */
  remote: Pick<RemotePresence, 'entries' | 'publishEntries' | 'holder'> | null;
}

export type PresenceLimits = typeof defaultLimits;

type Presence = { clients: Map<number, AwarenessEntry> };

interface Room<S> {
  doc: string;
  members: string[];
  present: Map<S, Presence>;
}

export class PresenceRooms<S extends PresenceSocket> {
  private readonly rooms = new Map<string, Room<S>>();
  /** The rooms each socket is in, oldest first. */
  private readonly roomsOf = new Map<S, string[]>();
  private readonly budgets = new WeakMap<S, AwarenessBudget>();
  /** When each identity was last online, unless they hide it. Memory only. */
  private readonly lastSeen = new Map<string, number>();
  private clock = 0;
  private readonly choices: ChoicesCache;

  constructor(
    private readonly deps: PresenceDeps,
    private readonly limits: PresenceLimits = defaultLimits,
  ) {
    this.choices = new ChoicesCache((identity) => deps.choices(identity));
  }

  /** An awareness frame from `socket` for `doc`. */
  async receive(socket: S, doc: string, body: Uint8Array): Promise<void> {
    // The limits carry the budget's own (rate, size, clients).
    const budget = this.budgets.get(socket) ?? new AwarenessBudget(this.limits, this.deps.now);
    this.budgets.set(socket, budget);
    const verdict = budget.take(0);
    if (verdict === 'close') return socket.close(closeCodes.flood, 'awareness flood');
    if (verdict === 'drop') return; // over the rate: dropped, as on the y-websocket door
    const refusal = await checkAwareness(
      {
        identity: socket.identity,
        doc,
        limits: this.limits,
        members: (d) => this.deps.members(d),
        ownerOf: this.deps.ownerOf,
        mine: new Set(this.rooms.get(doc)?.present.get(socket)?.clients.keys()),
        heldByOther: (clientId) => this.heldByOther(socket, doc, clientId),
      },
      body,
    );
    if (refusal) {
      const [kind, reason] = refusal;
      socket.refuse(kind, { ...reason, details: { ...reason.details, awareness: doc } });
      return;
    }
    const entries = readAwarenessEntries(body)!;
    const room = await this.join(socket, doc);
    const presence = room.present.get(socket)!;
    const stamped: AwarenessEntry[] = [];
    for (const entry of entries) {
      const state = readClientPresence(entry.state);
      const text = state ? JSON.stringify({ who: socket.identity, ...state }) : 'null';
      const relayed = { clientId: entry.clientId, clock: entry.clock, state: text };
      if (state) presence.clients.set(entry.clientId, relayed);
      else presence.clients.delete(entry.clientId);
      stamped.push(relayed);
    }
    this.relay(room, socket, stamped);
    this.deps.remote?.publishEntries(doc, socket.identity, stamped);
    // Every client of the socket left: so does the socket (joining again, it is told the room).
    if (presence.clients.size === 0) this.leaveRoom(socket, doc);
  }

  /** The socket closed: it leaves every room, and its clients are gone for the others. */
  leave(socket: S): void {
    for (const doc of this.roomsOf.get(socket) ?? []) this.leaveRoom(socket, doc);
    this.roomsOf.delete(socket);
  }

  /**
   * Entries another process relayed in `doc` (or that expired there): to this process's sockets
   * in the room, unless a block stands between `who` and the socket's person.
   */
  async relayRemote(doc: string, who: string, entries: AwarenessEntry[]): Promise<void> {
    if (!this.rooms.has(doc)) return;
    await this.choices.load([who]);
    const room = this.rooms.get(doc);
    const relayed = frame(doc, entries);
    for (const socket of room?.present.keys() ?? [])
      if (!this.hidden(who, socket.identity)) socket.send(relayed);
  }

  /**
   * An identity's first socket opened (`online`) or its last one closed, here or, with several
   * processes, on all of them (`at`: when it was last seen online).
   */
  async changed(identity: string, online: boolean, at = this.deps.now()): Promise<void> {
    if (!online) {
      if (!(await this.choices.reload(identity))) await this.choices.load([identity]);
      if (this.choices.get(identity).hidesSeen) this.lastSeen.delete(identity);
      else this.lastSeen.set(identity, at);
      // Read for this alone (with several processes, anyone going offline anywhere): not kept.
      this.choices.forget([identity], (id) => this.inUse(id));
      if (this.deps.online(identity)) return; // back already, or still online elsewhere
    }
    for (const room of this.rooms.values()) {
      const index = room.members.indexOf(identity);
      if (index < 0) continue;
      for (const socket of room.present.keys()) {
        if (socket.identity === identity) continue;
        const entry = this.memberEntry(identity, index, socket.identity);
        if (entry) socket.send(frame(room.doc, [entry]));
      }
    }
  }

  /**
   * The identity's preferences changed (last seen, blocks): the rooms it is a member of are told
   * their members and the others' states anew (gone where a block now stands), so hiding last
   * seen or blocking someone applies at once.
   */
  async preferencesChanged(identity: string): Promise<void> {
    if (!(await this.choices.reload(identity))) return;
    for (const room of this.rooms.values()) {
      if (!room.members.includes(identity)) continue;
      for (const socket of room.present.keys()) {
        const others = this.othersFor(room, socket, true);
        socket.send(frame(room.doc, [...this.membersFor(room, socket), ...others]));
      }
    }
  }

  /** Whether a socket of another identity than `socket`'s holds the client id in the room. */
  private heldByOther(socket: S, doc: string, clientId: number): boolean {
    const remote = this.deps.remote?.holder(doc, clientId);
    if (remote !== undefined && remote !== socket.identity) return true;
    for (const [other, { clients }] of this.rooms.get(doc)?.present ?? [])
      if (other.identity !== socket.identity && clients.has(clientId)) return true;
    return false;
  }

  /** Puts the socket in the room (leaving its oldest one beyond the limit) and tells it the room. */
  private async join(socket: S, doc: string): Promise<Room<S>> {
    let room = this.rooms.get(doc);
    if (room?.present.has(socket)) return room;
    const members = [...(await this.deps.members(doc))].sort();
    await this.choices.load([socket.identity, ...members]);
    room = this.rooms.get(doc) ?? { doc, members, present: new Map() };
    this.rooms.set(doc, room);
    if (room.present.has(socket)) return room;
    room.present.set(socket, { clients: new Map() });
    const joined = this.roomsOf.get(socket) ?? [];
    joined.push(doc);
    this.roomsOf.set(socket, joined);
    if (joined.length > this.limits.maxRooms) this.leaveRoom(socket, joined.shift()!);
    socket.send(frame(doc, [...this.membersFor(room, socket), ...this.othersFor(room, socket)]));
    return room;
  }

  private leaveRoom(socket: S, doc: string): void {
    const room = this.rooms.get(doc);
    const presence = room?.present.get(socket);
    if (!room || !presence) return;
    room.present.delete(socket);
    this.roomsOf.set(
      socket,
      (this.roomsOf.get(socket) ?? []).filter((d) => d !== doc),
    );
    if (room.present.size === 0) {
      this.rooms.delete(doc);
      this.choices.forget(room.members, (id) => this.inUse(id));
    }
    const gone = [...presence.clients.values()].map((e) => ({
      ...e,
      clock: e.clock + 1,
      state: 'null',
    }));
    this.relay(room, socket, gone);
    this.deps.remote?.publishEntries(doc, socket.identity, gone);
  }

  /**
   * The states of the room's other sockets, here and elsewhere, that `socket` may see; with
   * `hidden`, those it may not see, as gone ("null": a block now stands; one lifted shows the
   * other's state at its next update, not what they did while it stood).
   */
  private othersFor(room: Room<S>, socket: S, hidden = false): AwarenessEntry[] {
    const all = [...room.present]
      .filter(([other]) => other !== socket)
      .flatMap(([other, { clients }]) =>
        [...clients.values()].map((entry) => ({ who: other.identity, entry })),
      );
    all.push(...(this.deps.remote?.entries(room.doc) ?? []));
    return all.flatMap(({ who, entry }) => {
      if (this.hidden(who, socket.identity) !== hidden) return [];
      return [hidden ? { ...entry, state: 'null' } : entry];
    });
  }

  /** The server's entries for the room's other members, as `socket` may see them. */
  private membersFor(room: Room<S>, socket: S): AwarenessEntry[] {
    return room.members.flatMap((member, index) => {
      const entry = member !== socket.identity && this.memberEntry(member, index, socket.identity);
      return entry ? [entry] : [];
    });
  }

  /**
   * The server's entry for a member as `reader` may see it: online, or offline with the last seen
   * unless either hides it; nothing (null) for a reader the member blocked.
   */
  private memberEntry(who: string, index: number, reader: string): AwarenessEntry | null {
    // Past the reserved ids (a conversation of more members), a member's state is not sent.
    if (index >= this.limits.reservedClients) return null;
    this.clock = Math.max(this.clock + 1, this.deps.now());
    const entry = { clientId: index, clock: this.clock, state: 'null' };
    if (this.hidden(who, reader)) return entry;
    const state: PresenceState = { who, online: this.deps.online(who) };
    const seen = this.lastSeen.get(who);
    const hidden = this.choices.get(who).hidesSeen || this.choices.get(reader).hidesSeen;
    if (!state.online && seen !== undefined && !hidden) state.seen = seen;
    return { ...entry, state: JSON.stringify(state) };
  }

  /** Whether a room here has the identity as a member (then its choices are kept). */
  private inUse(identity: string): boolean {
    return [...this.rooms.values()].some((room) => room.members.includes(identity));
  }

  /** Whether either person blocked the other: then neither hears anything of the other. */
  private hidden(a: string, b: string): boolean {
    return this.choices.get(a).blocked.has(b) || this.choices.get(b).blocked.has(a);
  }

  private relay(room: Room<S>, from: S, entries: AwarenessEntry[]): void {
    if (entries.length === 0) return;
    const relayed = frame(room.doc, entries);
    for (const socket of room.present.keys())
      if (socket !== from && !this.hidden(from.identity, socket.identity)) socket.send(relayed);
  }
}

const frame = (doc: string, entries: AwarenessEntry[]): ServerFrame => ({
  type: 'awareness',
  doc,
  body: writeAwarenessEntries(entries),
});
