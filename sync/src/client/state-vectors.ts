/**
 * State vectors as maps (client id → next clock): what the server has of a document, what this
 * connection already sent of it, and whether one covers a document.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';

export function stateVectorToMap(stateVector: Uint8Array): Map<number, number> {
  return Y.decodeStateVector(stateVector);
}

export function mergeStates(into: Map<number, number>, from: Map<number, number>): void {
  for (const [client, clock] of from) into.set(client, Math.max(into.get(client) ?? 0, clock));
}

export function encodeStates(state: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, state.size);
  for (const [client, clock] of state) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

export function stateOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/** True when `server` has everything `state` has. */
export function coversState(server: Map<number, number>, state: Map<number, number>): boolean {
  for (const [client, clock] of state) if ((server.get(client) ?? 0) < clock) return false;
  return true;
}

/** True when the server state covers everything in the document. */
export function covers(server: Map<number, number>, doc: Y.Doc): boolean {
  return coversState(server, stateOf(doc));
}
