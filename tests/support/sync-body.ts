/** The y-protocols sync message inside a `sync` frame, for raw clients in tests and benchmarks. */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { writeFrame } from '@souk/sync';

export function syncBody(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Asks for the whole of `doc` (step 1 with an empty state vector). */
export const askWhole = (doc: string): Uint8Array =>
  writeFrame({
    type: 'sync',
    doc,
    body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
  });
