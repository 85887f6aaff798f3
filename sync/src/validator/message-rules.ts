/**
 * The validator's side of docs/chat-rules.ts: a new message's id is new to the whole
 * conversation, a tombstone names exactly one message of its own author, receive times are the
 * server's, and an epoch the conversation has left takes late writes only for a while.
 */
import {
  findMessages,
  lateItems,
  leftEpochLimits,
  readLeftEpochs,
  receivedAt,
  type Located,
} from '../docs/chat-rules.ts';
import {
  conversationParts,
  messageSchema,
  readEpoch,
  tombstoneSchema,
  type Message,
} from '../docs/conversation.ts';
import { messageIdSchema } from '../docs/message-base.ts';
import { limits } from '../limits.ts';
import type { RuleRefusal, Write, WriteContext } from './rules.ts';

const no = (code: RuleRefusal['code'], details?: Record<string, unknown>): RuleRefusal =>
  details ? { code, details } : { code };

/** The messages the update itself writes with this id. */
export function inUpdate(sets: readonly Write[], id: string): Message[] {
  const found: Message[] = [];
  for (const { root, key, value } of sets) {
    if (root !== 'messages' || key !== null || (value as { id?: unknown } | null)?.id !== id)
      continue;
    const parsed = messageSchema.safeParse(value);
    if (parsed.success) found.push(parsed.data);
  }
  return found;
}

/** A new message: its id is in no epoch of the conversation, and once in the update. */
export function checkNewMessageId(message: Message, ctx: WriteContext): RuleRefusal | null {
  const stored = findMessages(ctx.conversation, message.id);
  if (stored.length > 0 || inUpdate(ctx.sets, message.id).length > 1)
    return no('duplicate_message', { id: message.id });
  return null;
}

/** A "delete for everyone": one message with that id, by the one deleting, recent enough. */
export function checkTombstone(key: string, value: unknown, ctx: WriteContext): RuleRefusal | null {
  const { actor, name, now, sets, conversation } = ctx;
  const parsed = tombstoneSchema.safeParse(value);
  if (!parsed.success) return no('invalid_tombstone');
  const tombstone = parsed.data;
  if (tombstone.by !== undefined && tombstone.by !== actor.id) return no('not_author');
  const found: Located[] = [
    ...findMessages(conversation, key),
    ...inUpdate(sets, key).map((message) => ({ message, epoch: name.epoch })),
  ];
  if (found.length === 0) return no('no_such_message');
  if (found.length > 1) return no('ambiguous_message');
  const target = found[0]!;
  if (target.message.author !== actor.id) return no('not_author');
  // Devices apply a tombstone of another epoch only when it says whose it is.
  if (target.epoch !== name.epoch && tombstone.by === undefined)
    return no('invalid_tombstone', { issue: 'by' });
  const sent = receivedAt(conversation, target) ?? target.message.at;
  if (now - sent > limits.deleteForEveryoneMs) return no('delete_too_late');
  return null;
}

/** `received` is the server's: set once per message, by the platform only. */
export function checkReceiveTime(
  key: string,
  value: unknown,
  ctx: WriteContext,
): RuleRefusal | null {
  if (ctx.actor.kind !== 'platform') return no('server_field', { field: 'received' });
  if (!messageIdSchema.safeParse(key).success || !Number.isInteger(value) || (value as number) < 0)
    return no('invalid_value', { field: 'received' });
  return conversationParts(ctx.doc).received.has(key) ? no('receive_time_fixed') : null;
}

/**
 * A party's message or tombstone into an epoch the conversation has left (an offline device's):
 * accepted for a week after the roll-over, at most 100 items per identity. The platform's own
 * writes (receive times of late messages) are not counted.
 */
export function checkLateWrite(ctx: WriteContext): RuleRefusal | null {
  const { actor, name, conversation, doc, now } = ctx;
  const head = conversation[0];
  if (actor.kind === 'platform' || head === undefined || name.epoch >= readEpoch(head)) return null;
  const left = readLeftEpochs(head)[String(name.epoch)];
  if (!left || now > left.at + leftEpochLimits.lateWriteMs)
    return no('epoch_closed', { epoch: name.epoch });
  const late = new Set(['messages', 'deleted', 'reactions', 'edits']);
  const written = ctx.sets.filter((w) => late.has(w.root)).length;
  const before = lateItems(doc, left, (client) => ctx.ownerOf(client) === actor.id);
  return before + written > leftEpochLimits.maxLateItemsPerIdentity
    ? no('epoch_late_limit', { max: leftEpochLimits.maxLateItemsPerIdentity })
    : null;
}
