/**
 * The messages of the y-websocket protocol (the `y-websocket` package's provider and
 * `@y/websocket-server`): every binary frame is a varuint message type and its body.
 *
 *   0 sync           a y-protocols sync message: varuint step (0 step 1, 1 step 2, 2 update), bytes
 *   1 awareness      bytes: a y-protocols awareness update
 *   2 auth           varuint 0 (permission denied), varstring reason — server → client only
 *   3 query awareness (no body): answer with every awareness state of the document
 *
 * Read strictly (trailing bytes are malformed), since every byte is the client's.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

export const messageSync = 0;
export const messageAwareness = 1;
export const messageAuth = 2;
export const messageQueryAwareness = 3;

export type YjsMessage =
  | { type: 'sync'; step: number; payload: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

/** The frame's message, or null when it is not exactly one known message. */
export function readYjsMessage(frame: Uint8Array): YjsMessage | null {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: YjsMessage;
    if (type === messageSync) {
      const step = decoding.readVarUint(decoder);
      message = { type: 'sync', step, payload: decoding.readVarUint8Array(decoder) };
    } else if (type === messageAwareness) {
      message = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === messageQueryAwareness) {
      message = { type: 'query-awareness' };
    } else if (type === messageAuth) {
      // A client has nothing to say in auth messages; whatever it wrote is ignored.
      return { type: 'auth' };
    } else return null;
    return decoding.hasContent(decoder) ? null : message;
  } catch {
    return null;
  }
}

/** A y-protocols sync message (as sync-messages.ts writes them) as a y-websocket frame. */
export function syncFrame(syncMessage: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageSync);
  encoding.writeUint8Array(encoder, syncMessage);
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

export function awarenessFrame(update: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAwareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}

/** y-protocols' `permission-denied`, its reason a JSON object `{kind, code, details?}`. */
export function permissionDeniedFrame(reason: object): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, messageAuth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, JSON.stringify(reason));
  return encoding.toUint8Array(encoder) as Uint8Array<ArrayBuffer>;
}
