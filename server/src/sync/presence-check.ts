/**
 * Whether an awareness update from a /sync socket may be relayed (presence-rooms.ts,
 * docs/protocol.md, Presence): within size, for a conversation the identity is a member of,
 * with client ids it may hold — not the server's, not bound to another identity in the document,
 * not held in the room by another identity's socket on this process or another — and states of
 * the one allowed shape.
 */
import {
  parseDocName,
  presenceLimits,
  readAwarenessEntries,
  readClientPresence,
  type ErrorKind,
  type Reason,
} from '@souk/sync';
import type { ClientOwner } from '../yjs/yjs-room.ts';

export type Refusal = [ErrorKind, Reason];

export interface CheckContext {
  identity: string;
  doc: string;
  limits: Pick<typeof presenceLimits, 'maxBytes' | 'maxClients' | 'reservedClients'>;
  members(doc: string): Promise<Set<string>>;
  ownerOf: ClientOwner;
  /** Client ids this socket holds in the room already (checked when it announced them). */
  mine: ReadonlySet<number>;
  /** Whether another identity's socket holds the client id in the room, here or elsewhere. */
  heldByOther(clientId: number): boolean;
}

export async function checkAwareness(
  context: CheckContext,
  body: Uint8Array,
): Promise<Refusal | null> {
  const { limits, doc, identity } = context;
  if (body.byteLength > limits.maxBytes)
    return ['limit_exceeded', { code: 'awareness_too_large', details: { max: limits.maxBytes } }];
  const entries = readAwarenessEntries(body);
  if (!entries) return malformed('awareness update');
  const parsed = parseDocName(doc);
  if (parsed?.kind !== 'conv' || parsed.epoch !== 0) return notReadable;
  if (!(await context.members(doc)).has(identity)) return notReadable;
  const mine = new Set(context.mine);
  for (const { clientId, state } of entries) {
    if (state !== 'null' && !readClientPresence(state)) return malformed('awareness state');
    if (!(await mayHold(context, clientId))) return clientTaken;
    mine.add(clientId);
  }
  if (mine.size > limits.maxClients)
    return ['limit_exceeded', { code: 'too_many_clients', details: { max: limits.maxClients } }];
  return null;
}

async function mayHold(context: CheckContext, clientId: number): Promise<boolean> {
  if (clientId < context.limits.reservedClients) return false;
  // Held by this socket already: a renewal, a keystroke.
  if (context.mine.has(clientId)) return true;
  if (context.heldByOther(clientId)) return false;
  const owner = await context.ownerOf(context.doc, clientId);
  return owner === null || owner === context.identity;
}

const malformed = (problem: string): Refusal => [
  'bad_request',
  { code: 'malformed_frame', details: { problem } },
];
const notReadable: Refusal = ['forbidden', { code: 'not_readable' }];
const clientTaken: Refusal = ['forbidden', { code: 'client_id_taken' }];
