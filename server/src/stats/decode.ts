/**
 * What a committed conversation update (or a compacted snapshot) carries that statistics count,
 * found without the document: the messages (every inserted value with a message's shape) and the
 * receipt values, each with the Yjs client id that wrote it. A receipt's map key is not always in
 * an update (Yjs leaves it out when the item has a left neighbour), but the validator lets a
 * client write only its own identity's receipt, so the client's owner (`doc_clients`) is the
 * reader. Overwritten receipts in a snapshot are garbage-collected, so only the latest remain.
 */
import * as Y from 'yjs';
import { messageSchema, receiptSchema, type Message, type Receipt } from '@souk/sync';

export interface DecodedUpdate {
  messages: Message[];
  receipts: Array<{ client: number; receipt: Receipt }>;
}

export function decodeConversationUpdate(update: Uint8Array): DecodedUpdate {
  const found: DecodedUpdate = { messages: [], receipts: [] };
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return found;
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    for (const value of struct.content.getContent()) {
      const message = messageSchema.safeParse(value);
      if (message.success) {
        found.messages.push(message.data);
        continue;
      }
      const receipt = receiptSchema.safeParse(value);
      if (receipt.success) found.receipts.push({ client: struct.id.client, receipt: receipt.data });
    }
  }
  return found;
}
