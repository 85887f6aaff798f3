/**
 * The server's receive time of each new message: the submit path has the commit that stores a
 * conversation update also write `received[messageId] = now` as the platform (the validator lets
 * nobody else write `received`). Devices order the chat by it and the 24-hour window counts from
 * it; the author's `at` is only shown.
 *
 * The stamp is a Yjs update of map sets with no neighbours, encoded directly (Yjs update format
 * v1) so that it needs no copy of the document: it continues this process's stamping client id
 * from the clock the document has for it. Stamps of one conversation are built one at a time, in
 * the document store's queue of that conversation, so a clock is never written twice.
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { createHmac, randomBytes } from 'node:crypto';

/** Builds the update recording `now` as the receive time of each of `ids` in document `name`. */
export type ReceiveStamp = (
  name: string,
  doc: Y.Doc,
  ids: readonly string[],
  now: number,
) => Uint8Array;

/** Yjs's content reference of `ContentAny`, with the flag "has a parent key" (a map entry). */
const mapEntryOfAny = 8 | 0b0010_0000;

/**
 * The stamping client id differs per document and cannot be guessed from other documents (a
 * keyed hash of the name): a participant who saw it in one chat cannot take it in another first.
 */
export function receiveTimeStamp(secret: Uint8Array = randomBytes(32)): ReceiveStamp {
  return (name, doc, ids, now) => {
    const client = createHmac('sha256', secret).update(name).digest().readUInt32BE(0);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // one client
    encoding.writeVarUint(encoder, ids.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, Y.getState(doc.store, client));
    for (const id of ids) {
      encoding.writeUint8(encoder, mapEntryOfAny);
      encoding.writeVarUint(encoder, 1); // the parent is a root type, by name
      encoding.writeVarString(encoder, 'received');
      encoding.writeVarString(encoder, id);
      encoding.writeVarUint(encoder, 1); // one value
      encoding.writeAny(encoder, now);
    }
    encoding.writeVarUint(encoder, 0); // no deletions
    return encoding.toUint8Array(encoder);
  };
}
