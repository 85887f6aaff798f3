/**
 * Presence on the /sync socket (sync/src/presence/presence-state.ts, docs/protocol.md): one room
 * per conversation, joined by the first awareness frame a member's socket sends for it. Typing
 * states are relayed with their author's identity stamped in; each room also hears, from the
 * server, whether its other members are online (a socket open on this process) and, unless
 * either side hides it, when they were last seen. All of it lives in memory only, on this
 * process: nothing is stored, and a restart forgets every last seen.
 *
 * Every update is checked before anything of it is relayed: bounded in size and rate (a flood
 * closes the socket, as on the y-websocket door), a conversation the socket's identity is a member
 * of, client ids the sender may hold (not the server's, not bound to another identity in the
 * document, not held in the room by another identity's socket), and states of the one allowed
 * shape. A refused update is answered with a connection-level error frame naming the room.
 */
import {
  closeCodes,
  parseDocName,
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
  online(identity: string): boolean;
  now(): number;
}

export type PresenceLimits = typeof defaultLimits;

interface Presence {
  clients: Map<number, AwarenessEntry>;
}

interface Room<S> {
  doc: string;
  members: string[];
  present: Map<S, Presence>;
}

type Refusal = [ErrorKind, Reason];

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
    let budget = this.budgets.get(socket);
    if (!budget) {
      budget = new AwarenessBudget(this.budgetLimits, () => this.deps.now());
      this.budgets.set(socket, budget);
    }
    const verdict = budget.take(0);
    if (verdict === 'close') return socket.close(closeCodes.flood, 'awareness flood');
    if (verdict === 'drop') return; // over the rate: dropped, as on the y-websocket door
    const refusal = await this.check(socket, doc, body);
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
    // Every client of the socket left: so does the socket (joining again, it is told the room).
    if (presence.clients.size === 0) this.leaveRoom(socket, doc);
  }

  /** The socket closed: it leaves every room, and its clients are gone for the others. */
  leave(socket: S): void {
    for (const doc of this.roomsOf.get(socket) ?? []) this.leaveRoom(socket, doc);
    this.roomsOf.delete(socket);
  }

  /** An identity's first socket opened (`online`) or its last one closed. */
  async changed(identity: string, online: boolean): Promise<void> {
    if (!online) {
      if (!(await this.choices.reload(identity))) await this.choices.load([identity]);
      if (this.choices.get(identity).hidesSeen) this.lastSeen.delete(identity);
      else this.lastSeen.set(identity, this.deps.now());
      if (this.deps.online(identity)) return; // back already
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
   * their members anew, so hiding last seen or blocking someone applies at once.
   */
  async preferencesChanged(identity: string): Promise<void> {
    if (!(await this.choices.reload(identity))) return;
    for (const room of this.rooms.values()) {
      if (!room.members.includes(identity)) continue;
      for (const socket of room.present.keys())
        socket.send(frame(room.doc, this.membersFor(room, socket)));
    }
  }

  private get budgetLimits() {
    const { perWindow, windowMs, closeAt, maxBytes, maxClients } = this.limits;
    return { perWindow, windowMs, closeAt, maxBytes, maxClients };
  }

  private async check(socket: S, doc: string, body: Uint8Array): Promise<Refusal | null> {
    const max = this.limits.maxBytes;
    if (body.byteLength > max)
      return ['limit_exceeded', { code: 'awareness_too_large', details: { max } }];
    const entries = readAwarenessEntries(body);
    if (!entries) return malformed('awareness update');
    const parsed = parseDocName(doc);
    if (parsed?.kind !== 'conv' || parsed.epoch !== 0) return notReadable;
    if (!(await this.deps.members(doc)).has(socket.identity)) return notReadable;
    const room = this.rooms.get(doc);
    const mine = new Set(room?.present.get(socket)?.clients.keys());
    for (const { clientId, state } of entries) {
      if (state !== 'null' && !readClientPresence(state)) return malformed('awareness state');
      if (!(await this.mayHold(socket, doc, clientId, room))) return clientTaken;
      mine.add(clientId);
    }
    const maxClients = this.limits.maxClients;
    if (mine.size > maxClients)
      return ['limit_exceeded', { code: 'too_many_clients', details: { max: maxClients } }];
    return null;
  }

  private async mayHold(
    socket: S,
    doc: string,
    clientId: number,
    room?: Room<S>,
  ): Promise<boolean> {
    if (clientId < this.limits.reservedClients) return false;
    // Held by this socket already: checked when it was announced (a renewal, a keystroke).
    if (room?.present.get(socket)?.clients.has(clientId)) return true;
    for (const [other, { clients }] of room?.present ?? []) {
      if (other.identity !== socket.identity && clients.has(clientId)) return false;
    }
    const owner = await this.deps.ownerOf(doc, clientId);
    return owner === null || owner === socket.identity;
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
    const entries = this.membersFor(room, socket);
    for (const [other, { clients }] of room.present)
      if (other !== socket && !this.blocks(other, socket)) entries.push(...clients.values());
    socket.send(frame(doc, entries));
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
      this.choices.forget(room.members, (id) =>
        [...this.rooms.values()].some((r) => r.members.includes(id)),
      );
    }
    const gone = [...presence.clients.values()].map((e) => ({
      ...e,
      clock: e.clock + 1,
      state: 'null',
    }));
    this.relay(room, socket, gone);
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
    if (this.choices.get(who).blocked.has(reader)) return entry;
    const state: PresenceState = { who, online: this.deps.online(who) };
    const seen = this.lastSeen.get(who);
    const hidden = this.choices.get(who).hidesSeen || this.choices.get(reader).hidesSeen;
    if (!state.online && seen !== undefined && !hidden) state.seen = seen;
    return { ...entry, state: JSON.stringify(state) };
  }

  /** Whether `from`'s person blocked `to`'s: then `to` hears nothing of `from`. */
  private blocks(from: S, to: S): boolean {
    return this.choices.get(from.identity).blocked.has(to.identity);
  }

  private relay(room: Room<S>, from: S, entries: AwarenessEntry[]): void {
    if (entries.length === 0) return;
    const relayed = frame(room.doc, entries);
    for (const socket of room.present.keys())
      if (socket !== from && !this.blocks(from, socket)) socket.send(relayed);
  }
}

const malformed = (problem: string): Refusal => [
  'bad_request',
  { code: 'malformed_frame', details: { problem } },
];
const notReadable: Refusal = ['forbidden', { code: 'not_readable' }];
const clientTaken: Refusal = ['forbidden', { code: 'client_id_taken' }];

const frame = (doc: string, entries: AwarenessEntry[]): ServerFrame => ({
  type: 'awareness',
  doc,
  body: writeAwarenessEntries(entries),
});
