/**
 * What a committed conversation update (or a compacted snapshot) carries that statistics count,
 * found without the document: the messages (every inserted value with a message's shape) and the
 * receipt values, each with the Yjs client id that wrote it. A receipt's map key is not always in
 * an update (Yjs leaves it out when the item has a left neighbour), but the validator lets a
 * client write only its own identity's receipt, so the client's owner (`doc_clients`) is the
 * reader. Overwritten receipts in a snapshot are garbage-collected, so only the latest remain.
 * Everything here was validated before it was committed, so a shape check is enough (and cheap:
 * every committed message passes through here once).
 */
import * as Y from 'yjs';
import { editSchema, reactionSchema, type Edit, type Message, type Receipt } from '@souk/sync';

/**
 * A message action (docs/actions.ts): a reaction set (its key may be left out, like a receipt's,
 * so its writer is its client's owner), an edit (`by` names its writer), or a stub the server
 * wrote for a message deleted for everyone. `key` is the same in every copy of the action (the
 * Yjs item id, or the message id), so counting it twice is recognised.
 */
export type DecodedAction =
  | { action: 'reaction'; key: string; client: number; at: number }
  | { action: 'edit'; key: string; edit: Edit }
  | { action: 'deletion'; key: string; message: Message };

export interface DecodedUpdate {
  messages: Message[];
  receipts: Array<{ client: number; receipt: Receipt }>;
  actions: DecodedAction[];
}

export function decodeConversationUpdate(update: Uint8Array): DecodedUpdate {
  const found: DecodedUpdate = { messages: [], receipts: [], actions: [] };
  let structs: unknown[];
  try {
    ({ structs } = Y.decodeUpdate(update) as { structs: unknown[] });
  } catch {
    return found;
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
    struct.content.getContent().forEach((value, offset) => {
      const { client, clock } = struct.id;
      const reaction = reactionSchema.safeParse(value);
      const edit = editSchema.safeParse(value);
      // A stub stands for its message too (a recount from snapshots finds only the stub).
      if (isMessage(value) && value.kind === 'deleted')
        found.actions.push({ action: 'deletion', key: `deletion:${value.id}`, message: value });
      if (isMessage(value)) found.messages.push(value);
      else if (isReceipt(value)) found.receipts.push({ client, receipt: value });
      else if (reaction.success && reaction.data.emoji !== null)
        found.actions.push({
          action: 'reaction',
          key: `reaction:${client}:${clock + offset}`,
          client,
          at: reaction.data.at,
        });
      else if (edit.success)
        found.actions.push({
          action: 'edit',
          key: `edit:${client}:${clock + offset}`,
          edit: edit.data,
        });
    });
  }
  return found;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function isMessage(value: unknown): value is Message {
  const m = value as Partial<Record<keyof Message, unknown>> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.author === 'string' &&
    typeof m.kind === 'string' &&
    isInt(m.n) &&
    isInt(m.at)
  );
}

function isReceipt(value: unknown): value is Receipt {
  const r = value as Partial<Record<keyof Receipt, unknown>> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    Object.keys(r).length === 2 &&
    isInt(r.d) &&
    isInt(r.r) &&
    r.r <= r.d
  );
}
