/**
 * The device side of presence (presence-state.ts): in each conversation on screen, this device's
 * y-protocols Awareness says whether it is typing (its client id is the conversation document's,
 * the one the server binds to this identity), renewed by y-protocols every 15 s; what the server
 * relays — the others' typing, and whether they are online or when they were last seen — is kept
 * per conversation until the socket drops. Nothing of it is stored.
 */
import type * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { SyncClient } from '../client/sync-client.ts';
import { Emitter } from '../client/emitter.ts';
import { readAwarenessEntries } from './awareness-entries.ts';
import { readPresenceState, type PresenceState } from './presence-state.ts';

/** What a chat's header shows of the other side. */
export interface PresenceView {
  typing: boolean;
  /** null: not known (offline, or not told yet). */
  online: boolean | null;
  /** When they were last online, if they and this person both show it. */
  seen: number | null;
}

export interface PresenceEvents {
  /** What `view(head)` returns changed. */
  change(head: string): void;
}

/** How long a typing state lasts without another keystroke. */
export const typingIdleMs = 5000;

interface Room {
  awareness: Awareness;
  remote: Map<number, PresenceState>;
  idle: ReturnType<typeof setTimeout> | null;
}

const nobody: PresenceView = { typing: false, online: null, seen: null };

export class PresenceClient extends Emitter<PresenceEvents> {
  private readonly rooms = new Map<string, Room>();
  /** `me`: who is signed in, when known before the socket's welcome says it. */
  constructor(
    private readonly client: SyncClient,
    private me: string | null = null,
  ) {
    super();
    client.on('identity', (id) => {
      this.me = id;
      // A new socket: the server knows nothing of this device's rooms yet.
      for (const head of this.rooms.keys()) this.announce(head);
    });
    client.on('status', (status) => {
      if (status === 'online' || status === 'syncing') return;
      for (const [head, room] of this.rooms) {
        room.remote.clear();
        this.emit('change', head);
      }
    });
    client.on('awareness', (doc, body) => this.receive(doc, body));
  }

  /** The conversation `head` (its document `doc`) is on screen: join its room. */
  join(head: string, doc: Y.Doc): void {
    if (this.rooms.has(head)) return;
    const awareness = new Awareness(doc);
    awareness.setLocalState({ typing: false });
    const room: Room = { awareness, remote: new Map(), idle: null };
    this.rooms.set(head, room);
    awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }) => {
      const mine = [...change.added, ...change.updated, ...change.removed];
      if (mine.includes(awareness.clientID)) this.announce(head, awareness);
    });
    this.announce(head);
  }

  /** Leaves the room: the others see this device's state go. */
  leave(head: string): void {
    const room = this.rooms.get(head);
    if (!room) return;
    if (room.idle) clearTimeout(room.idle);
    room.awareness.destroy(); // sets the local state to null, which is sent
    this.rooms.delete(head);
  }

  /** A keystroke in the composer (`false`: the text was sent or cleared). */
  typing(head: string, on: boolean): void {
    const room = this.rooms.get(head);
    if (!room) return;
    if (room.idle) clearTimeout(room.idle);
    room.idle = on ? setTimeout(() => this.typing(head, false), typingIdleMs) : null;
    if (room.awareness.getLocalState()?.typing !== on) room.awareness.setLocalState({ typing: on });
  }

  view(head: string): PresenceView {
    const room = this.rooms.get(head);
    if (!room) return nobody;
    const view = { ...nobody };
    for (const state of room.remote.values()) {
      if (state.who === this.me) continue;
      if (state.typing) view.typing = true;
      if (state.online !== undefined) {
        view.online = state.online;
        view.seen = state.seen ?? null;
      }
    }
    return view;
  }

  private announce(head: string, awareness = this.rooms.get(head)?.awareness): void {
    if (!awareness) return;
    this.client.sendAwareness(head, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  }

  /** Entries arrive in the order the server relayed them: each replaces its client id's state. */
  private receive(head: string, body: Uint8Array): void {
    const room = this.rooms.get(head);
    const entries = room && readAwarenessEntries(body);
    if (!room || !entries) return;
    for (const { clientId, state } of entries) {
      const read = state === 'null' ? null : readPresenceState(state);
      if (read) room.remote.set(clientId, read);
      else room.remote.delete(clientId);
    }
    this.emit('change', head);
  }
}
