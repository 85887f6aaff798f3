/**
 * The validator's side of docs/actions.ts: reactions and edits are one's own, name one message of
 * this conversation, and come in time; a reply quotes a message of this conversation as it is;
 * only the platform replaces a message deleted for everyone with its stub, and drops its edits.
 */
import { findMessages, isDeleted, receivedAt, type Located } from '../docs/chat-rules.ts';
import {
  acceptedSnapshots,
  editSchema,
  parseReactionKey,
  reactionSchema,
  readEdits,
} from '../docs/actions.ts';
import { deletedMessageSchema, type Message } from '../docs/conversation.ts';
import { limits } from '../limits.ts';
import { inUpdate } from './message-rules.ts';
import type { RuleRefusal, Write, WriteContext } from './rules.ts';

const no = (code: RuleRefusal['code'], details?: Record<string, unknown>): RuleRefusal =>
  details ? { code, details } : { code };

const maxClockSkewMs = 5 * 60 * 1000;

/** The one message `id` names, in the stored conversation or in this update. */
function locate(ctx: WriteContext, id: string, except?: Message): Located | RuleRefusal {
  const found: Located[] = [
    ...findMessages(ctx.conversation, id),
    ...inUpdate(ctx.sets, id)
      .filter((message) => message !== except && message.kind !== 'deleted')
      .map((message) => ({ message, epoch: ctx.name.epoch })),
  ];
  if (found.length === 0) return no('no_such_message');
  if (found.length > 1) return no('ambiguous_message');
  return found[0]!;
}

const refused = (value: Located | RuleRefusal): value is RuleRefusal => 'code' in value;

function deleted(ctx: WriteContext, target: Located): boolean {
  return target.message.kind === 'deleted' || isDeleted(ctx.conversation, target);
}

/** `reactions[<messageId>/<personId>] = {emoji, at}`: one's own, on a message that is there. */
export function checkReaction(key: string | null, value: unknown, ctx: WriteContext) {
  const parsedKey = key === null ? null : parseReactionKey(key);
  if (parsedKey === null) return no('invalid_reaction');
  if (parsedKey.person !== ctx.actor.id) return no('not_reactor');
  if (value === undefined) return null; // set and replaced before it was sent
  const reaction = reactionSchema.safeParse(value);
  if (!reaction.success) return no('invalid_reaction');
  if (reaction.data.at > ctx.now + maxClockSkewMs) return no('time_in_future');
  const target = locate(ctx, parsedKey.message);
  if (refused(target)) return target;
  if (target.message.kind === 'system') return no('invalid_reaction');
  return deleted(ctx, target) ? no('message_deleted') : null;
}

/** `edits.push({id, by, text, at})`: by its author, of their own text message, within 15 minutes. */
export function checkEdit(key: string | null, value: unknown, ctx: WriteContext) {
  if (key !== null) return no('wrong_field_type', { field: 'edits' });
  if (value === undefined) return null; // written and removed before it was sent: judged as a removal
  const edit = editSchema.safeParse(value);
  if (!edit.success) return no('invalid_edit');
  if (edit.data.by !== ctx.actor.id) return no('not_editor');
  if (edit.data.at > ctx.now + maxClockSkewMs) return no('time_in_future');
  const target = locate(ctx, edit.data.id);
  if (refused(target)) return target;
  if (target.message.author !== ctx.actor.id) return no('edit_not_author');
  if (deleted(ctx, target)) return no('message_deleted');
  if (target.message.kind !== 'text') return no('invalid_edit');
  const sent = receivedAt(ctx.conversation, target) ?? target.message.at;
  return ctx.now - sent > limits.editWindowMs ? no('edit_too_late') : null;
}

/** A reply quotes a message of this conversation: its id, its author and (if any) its text. */
export function checkReply(message: Message, ctx: WriteContext): RuleRefusal | null {
  if (message.kind === 'system' || message.kind === 'deleted' || !message.reply) return null;
  const { reply } = message;
  const target = locate(ctx, reply.id, message);
  if (refused(target))
    return target.code === 'no_such_message' ? no('reply_not_found', { id: reply.id }) : target;
  if (target.message.author !== reply.author) return no('reply_mismatch');
  if (reply.snapshot === undefined) return null;
  if (deleted(ctx, target)) return no('message_deleted');
  const edits = readEdits(ctx.conversation).get(reply.id) ?? [];
  return acceptedSnapshots(target.message, edits).has(reply.snapshot) ? null : no('reply_mismatch');
}

/**
 * The platform's stub of a message deleted for everyone: it replaces (the update removes) the one
 * stored message with that id, in this document, keeping its id, author, number and time.
 */
export function checkStub(message: Message, ctx: WriteContext): RuleRefusal | null {
  if (ctx.actor.kind !== 'platform') return no('platform_only', { field: 'messages' });
  const stub = deletedMessageSchema.parse(message);
  const found = findMessages(ctx.conversation, stub.id);
  if (found.length !== 1 || found[0]!.epoch !== ctx.name.epoch) return no('no_such_message');
  const original = found[0]!;
  if (!isDeleted(ctx.conversation, original)) return no('message_removed');
  const same =
    original.message.author === stub.author &&
    original.message.n === stub.n &&
    original.message.at === stub.at;
  const replaced = ctx.removed.some(
    (w) => w.root === 'messages' && (w.value as Message | undefined)?.id === stub.id,
  );
  return same && replaced ? null : no('invalid_message', { issue: 'stub' });
}

/**
 * Removals the platform makes when it purges a message deleted for everyone: the message (its
 * stub replaces it in the same update) and the message's edits. Nothing else is removed.
 */
export function checkPurge({ root, value }: Write, ctx: WriteContext): RuleRefusal | null {
  if (ctx.actor.kind !== 'platform') return no('message_removed');
  const id = (value as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') return no('removal_not_allowed', { field: root });
  if (root === 'messages') {
    const stubbed = ctx.sets.some(
      (w) =>
        w.root === 'messages' &&
        (w.value as Message).kind === 'deleted' &&
        (w.value as Message).id === id,
    );
    return stubbed ? null : no('message_removed');
  }
  const found = findMessages(ctx.conversation, id);
  const gone = found.length === 1 && deleted(ctx, found[0]!);
  return gone ? null : no('removal_not_allowed', { field: root });
}
