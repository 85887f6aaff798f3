/**
 * The y-protocols sync message inside a `sync` frame's body (docs/protocol.md): a message type
 * and one payload. Read strictly — trailing bytes are malformed — since the body is the client's.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { frameLimits, splitUpdate } from '@souk/sync';

export interface SyncMessage {
  type: number;
  payload: Uint8Array;
}

/** The body's message, or null when it is not exactly one. */
export function readSyncMessage(body: Uint8Array): SyncMessage | null {
  try {
    const decoder = decoding.createDecoder(body);
    const type = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    return decoding.hasContent(decoder) ? null : { type, payload };
  } catch {
    return null;
  }
}

export function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const updateMessage = (update: Uint8Array): Uint8Array =>
  syncMessage(syncProtocol.messageYjsUpdate, update);

/**
 * An update as sync messages of `type` (update or step 2), each in a frame: a document or a
 * catch-up larger than a frame goes out in several (docs/protocol.md, Limits).
 */
export const framedMessages = (
  update: Uint8Array,
  type: number = syncProtocol.messageYjsUpdate,
): Uint8Array[] => splitUpdate(update, new Map(), frameLimits).map((u) => syncMessage(type, u));
