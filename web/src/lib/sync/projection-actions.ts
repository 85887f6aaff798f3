/**
 * What message actions add to a projected row (issue 17): the text after its last edit and that
 * it was edited, its reactions grouped by emoji, the quoted message of a reply, the "Forwarded"
 * mark, and that it was deleted for everyone. Read with sync/src/docs/actions.ts's readers.
 */
import type * as Y from 'yjs';
import { readEdits, readReactions, shownText, type Edit, type Message } from '@souk/sync';
import type { MessageRow, ReactionCount } from '../db.ts';

export interface ActionFacts {
  edits: Map<string, Edit[]>;
  reactions: Map<string, Map<string, string>>;
}

export function readActionFacts(docs: readonly Y.Doc[]): ActionFacts {
  return { edits: readEdits(docs), reactions: readReactions(docs) };
}

/** Each emoji once, with how many reacted with it and whether `me` did (first reacted first). */
export function groupReactions(
  people: Map<string, string> | undefined,
  me: string,
): ReactionCount[] {
  const counts = new Map<string, ReactionCount>();
  for (const [person, emoji] of people ?? []) {
    const count = counts.get(emoji) ?? { emoji, count: 0, mine: false };
    count.count++;
    count.mine ||= person === me;
    counts.set(emoji, count);
  }
  return [...counts.values()];
}

/** The action fields of a message's row (`deleted`: deleted for everyone). */
export function actionFields(
  message: Message,
  facts: ActionFacts,
  me: string,
  deleted: boolean,
): Pick<MessageRow, 'reply' | 'reactions' | 'edited' | 'deleted' | 'forwarded'> & {
  shown?: string;
} {
  if (deleted || message.kind === 'deleted') return { deleted: true };
  const edits = facts.edits.get(message.id);
  const reactions = groupReactions(facts.reactions.get(message.id), me);
  const reply = 'reply' in message ? message.reply : undefined;
  return {
    ...(reply ? { reply: { ...reply, mine: reply.author === me } } : {}),
    ...(reactions.length > 0 ? { reactions } : {}),
    ...(edits?.length ? { edited: true, shown: shownText(message, edits) } : {}),
    ...('forwarded' in message && message.forwarded ? { forwarded: true } : {}),
  };
}

/**
 * Carries when this device first saw each of its messages delivered and read (receipts are
 * watermarks without times; the message info shows these) from the rows being replaced.
 */
export function carryTickTimes(previous: MessageRow[], rows: MessageRow[], now: number): void {
  const before = new Map(previous.map((row) => [row.key, row]));
  for (const row of rows) {
    if (!row.mine) continue;
    const old = before.get(row.key);
    const delivered = row.tick === 'delivered' || row.tick === 'read';
    if (delivered) row.deliveredAt = old?.deliveredAt ?? now;
    if (row.tick === 'read') row.readAt = old?.readAt ?? now;
  }
}
