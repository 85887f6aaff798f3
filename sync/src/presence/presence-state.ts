/**
 * Presence on the sync socket (docs/protocol.md, Presence): y-protocols awareness updates in
 * `awareness` frames, one room per conversation (its head document), relayed and never stored.
 *
 * A client says one thing in its own state: `{"typing": boolean}` (null when it leaves the room).
 * The server relays that with `who` (the sender's identity) stamped in, so a state always names
 * its real author, and adds its own entries, one per other member of the conversation:
 * `{"who", "online": true}`, or `{"who", "online": false, "seen"?: ms}` — `seen` only when
 * neither that person nor the reader hides their last seen (their preferences document). Server
 * entries use the client ids below `reservedClients`, which no client may announce.
 */

export const presenceLimits = {
  /** Bytes of one awareness update from a client. */
  maxBytes: 512,
  /** Conversations one socket is present in at once (the oldest is left for a new one). */
  maxRooms: 8,
  /** Client ids a socket may announce per room (a tab has one per conversation). */
  maxClients: 4,
  /** Client ids 0 … reservedClients-1 are the server's (the members' online entries). */
  reservedClients: 16,
  /** Updates per window a socket may send; more in the window are dropped, `closeAt` closes. */
  perWindow: 30,
  windowMs: 10_000,
  closeAt: 200,
};

/** What a client may publish. */
export interface ClientPresence {
  typing: boolean;
}

/** A state as the server relays it. */
export interface PresenceState {
  who: string;
  typing?: boolean;
  online?: boolean;
  seen?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A client's state (JSON text), or null when it is anything but `{"typing": boolean}`. */
export function readClientPresence(text: string): ClientPresence | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || Object.keys(value).some((key) => key !== 'typing')) return null;
  return typeof value.typing === 'boolean' ? { typing: value.typing } : null;
}

/** A state the server relayed (JSON text), or null when it is not one. */
export function readPresenceState(text: string): PresenceState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.who !== 'string') return null;
  const state: PresenceState = { who: value.who };
  if (typeof value.typing === 'boolean') state.typing = value.typing;
  if (typeof value.online === 'boolean') state.online = value.online;
  if (typeof value.seen === 'number') state.seen = value.seen;
  return state;
}
