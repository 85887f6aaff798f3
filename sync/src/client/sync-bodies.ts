/** The y-protocols sync messages the client writes, and what the server's tell of its state. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';

/** Step 1: this document's state vector (the server answers with what it lacks). */
export function step1Body(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Step 2: changes answering the server's step 1. */
export function step2Body(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The update a step 2 carries. */
export function step2Update(body: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(body);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export function updateBody(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * What a sync message from the server says the server has: the state vector of a step 1, or the
 * changes of a step 2 or update (the server only sends what it stored). The end of each client's
 * changes counts even when they start past clock 0: the server refuses gaps, so it has all before
 * them. (`Y.encodeStateVectorFromUpdate` counts only clients starting at 0, which left the
 * server's own later writes, such as a deleted message's stub, looking unstored: a device then
 * kept the deleted text in its log.)
 */
export function serverStateIn(body: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(body);
  const type = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (type === syncProtocol.messageYjsSyncStep1) return Y.decodeStateVector(payload);
  return new Map(Y.parseUpdateMeta(payload).to);
}

/** Whether a sync message carries no change at all (a step 2 answering with nothing new). */
export function carriesNothing(body: Uint8Array): boolean {
  const decoder = decoding.createDecoder(body);
  const type = decoding.readVarUint(decoder);
  if (type === syncProtocol.messageYjsSyncStep1) return false;
  const { structs, ds } = Y.decodeUpdate(decoding.readVarUint8Array(decoder));
  return structs.length === 0 && ds.clients.size === 0;
}
