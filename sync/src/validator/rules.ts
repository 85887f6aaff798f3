/**
 * Per-document-kind rules: which identity may write which value where. The update validator
 * (validate-update.ts) reduces every CRDT update to a list of "sets" (a value written at a root
 * and, for maps, a key) and "removals" (an existing value deleted), then asks these rules.
 * A rule returns null to allow, or the reason for refusing.
 */
import type * as Y from 'yjs';
import type { Actor } from '../identity.ts';
import type { DocName } from '../docs/names.ts';
import { z } from 'zod';
import {
  conversationKindSchema,
  conversationParts,
  participantSchema,
  readEpoch,
  messageSchema,
  receiptSchema,
  tombstoneSchema,
  type Message,
  type Receipt,
} from '../docs/conversation.ts';
import { limits } from '../limits.ts';
import { checkProfileField, platformProfileKeys } from '../business/profile.ts';
import { checkPreferenceField } from '../docs/preferences.ts';
import { checkInboxWrite, isInboxRoot } from '../docs/inbox.ts';

export interface WriteContext {
  doc: Y.Doc;
  name: DocName;
  actor: Actor;
  now: number;
  /** Every value the update sets, each judged by these rules too (the update is all or nothing). */
  sets: readonly Write[];
}

/** `key` is null for array inserts; `value` is undefined for a value deleted before it was sent. */
export interface Write {
  root: string;
  key: string | null;
  value: unknown;
}

export interface DocRules {
  set(write: Write, ctx: WriteContext): string | null;
  remove(write: Write, ctx: WriteContext): string | null;
}

const maxClockSkewMs = 5 * 60 * 1000;

/** Fields of the head only: epoch documents carry messages and their tombstones. */
const headOnlyFields = new Set(['receipts', 'meta']);

/**
 * The message a tombstone targets: in the server's copy, or written by the same update ("send"
 * then "delete for everyone" while offline). The latter passes the message rules on its own.
 */
function findMessage(doc: Y.Doc, id: string, sets: readonly Write[]): Message | undefined {
  const stored = conversationParts(doc)
    .messages.toArray()
    .find((m) => m.id === id);
  if (stored) return stored;
  for (const { root, key, value } of sets) {
    if (root !== 'messages' || key !== null || (value as { id?: unknown } | null)?.id !== id)
      continue;
    const parsed = messageSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

const conversationRules: DocRules = {
  set({ root, key, value }, { doc, actor, now, name, sets }) {
    if (name.epoch > 0 && headOnlyFields.has(root))
      return `${root} lives in the conversation's first document`;
    switch (root) {
      case 'messages': {
        if (key !== null) return 'messages is a list';
        const parsed = messageSchema.safeParse(value);
        if (!parsed.success)
          return `invalid message: ${parsed.error.issues[0]?.message ?? 'bad shape'}`;
        const system = parsed.data.kind === 'system';
        if (system && actor.kind !== 'platform') return 'system messages are written by the server';
        if (!system && actor.kind === 'platform') return 'the platform writes only system messages';
        if (parsed.data.author !== actor.id) return 'a message can only be written by its author';
        if (parsed.data.at > now + maxClockSkewMs) return 'message time is in the future';
        return null;
      }
      case 'receipts': {
        if (key !== actor.id) return 'receipts can only be written for oneself';
        if (value === undefined) return null;
        const parsed = receiptSchema.safeParse(value);
        if (!parsed.success) return 'invalid receipt';
        const current: Receipt | undefined = conversationParts(doc).receipts.get(actor.id);
        if (current && (parsed.data.d < current.d || parsed.data.r < current.r)) {
          return 'receipts only move forward';
        }
        return null;
      }
      case 'deleted': {
        if (key === null) return 'deleted is a map';
        if (value === undefined) return 'a tombstone cannot be removed';
        if (!tombstoneSchema.safeParse(value).success) return 'invalid tombstone';
        const target = findMessage(doc, key, sets);
        if (!target) return 'no such message';
        if (target.author !== actor.id) return 'only the author can delete a message for everyone';
        if (now - target.at > limits.deleteForEveryoneMs) return 'too late to delete for everyone';
        return null;
      }
      case 'meta':
        return actor.kind === 'platform'
          ? checkMeta(doc, key, value)
          : 'conversation details are written by the server';
      default:
        return `unknown field ${root}`;
    }
  },
  remove({ root, key }, { actor, sets }) {
    // The platform moves the epoch forward: the new value replaces (deletes) the old one.
    if (root === 'meta' && key === 'epoch' && actor.kind === 'platform')
      return sets.some((w) => w.root === 'meta' && w.key === 'epoch')
        ? null
        : 'meta is never removed';
    // Overwriting a receipt deletes the previous value: allowed for one's own key, and only with
    // the value that replaces it (a bare removal would let a lower receipt follow).
    if (root === 'receipts' && key === actor.id) {
      const replaced = sets.some((w) => w.root === 'receipts' && w.key === actor.id);
      return replaced ? null : 'a receipt is only replaced, never removed';
    }
    return root === 'messages'
      ? 'messages cannot be removed, only deleted for everyone'
      : `cannot remove from ${root}`;
  },
};

/**
 * The server's own writes to a conversation, as the platform: who is in it and its kind, once
 * (participants never change), and the current epoch, only forwards.
 */
function checkMeta(doc: Y.Doc, key: string | null, value: unknown): string | null {
  const meta = conversationParts(doc).meta;
  switch (key) {
    case 'kind':
    case 'participants': {
      if (meta.has(key)) return 'participants never change';
      const schema = key === 'kind' ? conversationKindSchema : z.array(participantSchema).length(2);
      return schema.safeParse(value).success ? null : `invalid ${key}`;
    }
    case 'epoch':
      return Number.isInteger(value) && (value as number) > readEpoch(doc)
        ? null
        : 'the epoch only moves forward';
    default:
      return `unknown field meta.${key}`;
  }
}

const onlyPlatform: DocRules = {
  set: (_write, { actor }) => (actor.kind === 'platform' ? null : 'written by the platform only'),
  remove: (_write, { actor }) =>
    actor.kind === 'platform' ? null : 'written by the platform only',
};

const preferenceRules: DocRules = {
  set({ root, key, value }, { actor, name }) {
    if (actor.id !== name.id) return 'preferences are written by their owner only';
    if (root !== 'prefs' || key === null) return 'unknown field';
    return value === undefined ? null : checkPreferenceField(key, value);
  },
  remove: ({ root }, { actor, name }) =>
    actor.id === name.id && root === 'prefs' ? null : 'preferences are written by their owner only',
};

/** Fields of a business profile only the platform may set; the rest belong to the business. */
const platformProfileFields = new Set<string>(platformProfileKeys);

function mayEditProfileField(key: string, { actor, name }: WriteContext): string | null {
  if (platformProfileFields.has(key)) {
    return actor.kind === 'platform' ? null : `${key} is set by the platform`;
  }
  return actor.id === name.id || actor.kind === 'platform'
    ? null
    : 'only the business edits its profile';
}

const profileRules: DocRules = {
  set({ root, key, value }, ctx) {
    if (root !== 'profile' || key === null) return 'unknown field';
    return (
      mayEditProfileField(key, ctx) ?? (value === undefined ? null : checkProfileField(key, value))
    );
  },
  remove({ root, key }, ctx) {
    if (root !== 'profile' || key === null) return 'unknown field';
    return mayEditProfileField(key, ctx);
  },
};

/** The business's private inbox tools: its owner alone writes, every value checked on its own. */
const inboxRules: DocRules = {
  set({ root, key, value }, { actor, name, doc }) {
    if (actor.id !== name.id) return 'the inbox is written by its business only';
    if (key === null) return 'unknown field';
    return value === undefined ? null : checkInboxWrite(doc, root, key, value);
  },
  remove: ({ root, key }, { actor, name }) => {
    if (actor.id !== name.id) return 'the inbox is written by its business only';
    return isInboxRoot(root) && key !== null ? null : `cannot remove from ${root}`;
  },
};

export const docRules: Record<DocName['kind'], DocRules> = {
  conv: conversationRules,
  prefs: preferenceRules,
  profile: profileRules,
  inbox: inboxRules,
  announcements: onlyPlatform,
};
