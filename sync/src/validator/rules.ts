/**
 * Per-document-kind rules: which identity may write which value where. The update validator
 * (validate-update.ts) reduces every CRDT update to a list of "sets" (a value written at a root
 * and, for maps, a key) and "removals" (an existing value deleted), then asks these rules.
 * A rule returns null to allow, or the reason for refusing (a code from contract/codes.ts).
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
  type Receipt,
} from '../docs/conversation.ts';
import { leftEpochsSchema, type ConversationDocs } from '../docs/chat-rules.ts';
import {
  checkLateWrite,
  checkNewMessageId,
  checkReceiveTime,
  checkTombstone,
} from './message-rules.ts';
import { checkProfileField, isProfileKey, platformProfileKeys } from '../business/profile.ts';
import { checkPreferenceField, preferenceSchemaFor, preferencesMap } from '../docs/preferences.ts';
import { maxPinned, pinsOver } from '../docs/chat-controls.ts';
import { checkInboxWrite, isInboxRoot } from '../docs/inbox.ts';
import { personRules } from './person-rules.ts';
import type { Reason, ValidatorReason } from '../contract/codes.ts';
import { checkMessageMedia, type MediaLookup } from './media-rule.ts';
import { checkEdit, checkPurge, checkReaction, checkReply, checkStub } from './action-rules.ts';
import { parseReactionKey } from '../docs/actions.ts';

export interface WriteContext {
  doc: Y.Doc;
  name: DocName;
  actor: Actor;
  now: number;
  /** Every value the update sets, each judged by these rules too (the update is all or nothing). */
  sets: readonly Write[];
  /** Every stored value the update removes (judged by `remove`). */
  removed: readonly Write[];
  /** A conversation's documents by epoch (this one included), for rules across epochs. */
  conversation: ConversationDocs;
  /** The identity bound to a Yjs client id in this document, if any. */
  ownerOf(client: number): string | undefined;
  /** Whose each media id is (the server's); without it media addresses are not checked. */
  media?: MediaLookup;
}

/** `key` is null for array inserts; `value` is undefined for a value deleted before it was sent. */
export interface Write {
  root: string;
  key: string | null;
  value: unknown;
}

/** A validator refusal: a code of the validator's list, and what it refers to. */
export interface RuleRefusal extends Reason {
  code: ValidatorReason;
}

export interface DocRules {
  set(write: Write, ctx: WriteContext): RuleRefusal | null;
  remove(write: Write, ctx: WriteContext): RuleRefusal | null;
}

const no = (code: ValidatorReason, details?: Record<string, unknown>): RuleRefusal =>
  details ? { code, details } : { code };

/** A field checker's sentence (profile, preferences, inbox) becomes `invalid_value`. */
const invalid = (field: string, issue: string | null): RuleRefusal | null =>
  issue === null ? null : no('invalid_value', { field, issue });

/** The first broken field of a message: its path (`lat`, `waveform`) and zod's sentence. */
function invalidMessage(issue: { path: PropertyKey[]; message: string } | undefined): RuleRefusal {
  if (!issue) return no('invalid_message', { issue: 'bad shape' });
  return no('invalid_message', { issue: issue.message, path: issue.path.map(String).join('.') });
}

const maxClockSkewMs = 5 * 60 * 1000;

/** What a party writes into an epoch the conversation has left is bounded (message-rules.ts). */
const lateRoots = new Set(['messages', 'deleted', 'reactions', 'edits']);

/** Fields of the head only: epoch documents carry messages and their tombstones. */
const headOnlyFields = new Set(['receipts', 'meta']);

const conversationRules: DocRules = {
  set({ root, key, value }, ctx) {
    const { doc, actor, now, name } = ctx;
    if (name.epoch > 0 && headOnlyFields.has(root)) return no('head_only_field', { field: root });
    const late = lateRoots.has(root) ? checkLateWrite(ctx) : null;
    if (late) return late;
    switch (root) {
      case 'messages': {
        if (key !== null) return no('wrong_field_type', { field: root });
        const parsed = messageSchema.safeParse(value);
        if (!parsed.success) return invalidMessage(parsed.error.issues[0]);
        if (parsed.data.kind === 'deleted') return checkStub(parsed.data, ctx);
        const system = parsed.data.kind === 'system';
        if (system && actor.kind !== 'platform') return no('system_message');
        if (!system && actor.kind === 'platform') return no('platform_system_only');
        if (parsed.data.author !== actor.id) return no('not_author');
        // `at` is the author's "written at", shown only; the server's receive time orders.
        if (parsed.data.at > now + maxClockSkewMs) return no('time_in_future');
        return (
          checkNewMessageId(parsed.data, ctx) ??
          checkReply(parsed.data, ctx) ??
          checkMessageMedia(parsed.data, ctx)
        );
      }
      case 'reactions':
        return checkReaction(key, value, ctx);
      case 'edits':
        return checkEdit(key, value, ctx);
      case 'receipts': {
        if (key !== actor.id) return no('not_own_receipt');
        if (value === undefined) return null;
        const parsed = receiptSchema.safeParse(value);
        if (!parsed.success) return no('invalid_receipt');
        const current: Receipt | undefined = conversationParts(doc).receipts.get(actor.id);
        if (current && (parsed.data.d < current.d || parsed.data.r < current.r)) {
          return no('receipt_backwards');
        }
        return null;
      }
      case 'deleted': {
        if (key === null) return no('wrong_field_type', { field: root });
        if (value === undefined) return no('tombstone_removed');
        return checkTombstone(key, value, ctx);
      }
      case 'received':
        if (key === null) return no('wrong_field_type', { field: root });
        return checkReceiveTime(key, value, ctx);
      case 'meta':
        return actor.kind === 'platform'
          ? checkMeta(doc, key, value)
          : no('server_field', { field: root });
      default:
        return no('unknown_field', { field: root });
    }
  },
  remove(write, ctx) {
    const { root, key } = write;
    const { actor, sets } = ctx;
    // The platform moves the epoch forward (and its record of epochs left): the new value
    // replaces (deletes) the old one.
    if (root === 'meta' && (key === 'epoch' || key === 'left') && actor.kind === 'platform')
      return sets.some((w) => w.root === 'meta' && w.key === key)
        ? null
        : no('removal_not_allowed', { field: root });
    // Overwriting a receipt deletes the previous value: allowed for one's own key, and only with
    // the value that replaces it (a bare removal would let a lower receipt follow).
    if (root === 'receipts' && key === actor.id) {
      const replaced = sets.some((w) => w.root === 'receipts' && w.key === actor.id);
      return replaced ? null : no('receipt_removed');
    }
    // Changing one's reaction replaces (deletes) the previous value of one's own key.
    if (root === 'reactions' && key !== null && parseReactionKey(key)?.person === actor.id) {
      const replaced = sets.some((w) => w.root === 'reactions' && w.key === key);
      return replaced ? null : no('removal_not_allowed', { field: root });
    }
    if (root === 'messages' || root === 'edits') return checkPurge(write, ctx);
    return no('removal_not_allowed', { field: root });
  },
};

/**
 * The server's own writes to a conversation, as the platform: who is in it and its kind, once
 * (participants never change), and the current epoch, only forwards.
 */
function checkMeta(doc: Y.Doc, key: string | null, value: unknown): RuleRefusal | null {
  const meta = conversationParts(doc).meta;
  switch (key) {
    case 'kind':
    case 'participants': {
      if (meta.has(key)) return no('participants_fixed', { field: key });
      const schema = key === 'kind' ? conversationKindSchema : z.array(participantSchema).length(2);
      return schema.safeParse(value).success ? null : no('invalid_value', { field: key });
    }
    case 'epoch':
      return Number.isInteger(value) && (value as number) > readEpoch(doc)
        ? null
        : no('epoch_backwards');
    case 'left':
      return leftEpochsSchema.safeParse(value).success
        ? null
        : no('invalid_value', { field: 'meta.left' });
    default:
      return no('unknown_field', { field: `meta.${key}` });
  }
}

const onlyPlatform: DocRules = {
  set: (_write, { actor }) => (actor.kind === 'platform' ? null : no('platform_only')),
  remove: (_write, { actor }) => (actor.kind === 'platform' ? null : no('platform_only')),
};

/** The chats pinned once this update is in: those pinned already and those it pins. */
function pinsAfter(doc: Y.Doc, sets: readonly Write[]): string[] {
  const pinned = [...preferencesMap(doc).keys()].filter((k) => k.startsWith('pin:'));
  const pinning = sets.flatMap((w) =>
    w.root === 'prefs' && w.key?.startsWith('pin:') && w.value !== undefined ? [w.key] : [],
  );
  return [...pinned, ...pinning];
}

const preferenceRules: DocRules = {
  set({ root, key, value }, { actor, name, doc, sets }) {
    if (actor.id !== name.id) return no('not_owner');
    if (root !== 'prefs' || key === null) return no('unknown_field', { field: root });
    if (!preferenceSchemaFor(key)) return no('unknown_field', { field: key });
    if (value === undefined) return null;
    const refusal = invalid(key, checkPreferenceField(key, value));
    if (refusal || !key.startsWith('pin:')) return refusal;
    return pinsOver(pinsAfter(doc, sets)) ? no('too_many_pins', { max: maxPinned }) : null;
  },
  remove: ({ root }, { actor, name }) =>
    actor.id === name.id && root === 'prefs' ? null : no('not_owner'),
};

/** Fields of a business profile only the platform may set; the rest belong to the business. */
const platformProfileFields = new Set<string>(platformProfileKeys);

function mayEditProfileField(key: string, { actor, name }: WriteContext): RuleRefusal | null {
  if (platformProfileFields.has(key)) {
    return actor.kind === 'platform' ? null : no('platform_only', { field: key });
  }
  return actor.id === name.id || actor.kind === 'platform' ? null : no('not_owner');
}

const profileRules: DocRules = {
  set({ root, key, value }, ctx) {
    if (root !== 'profile' || key === null) return no('unknown_field', { field: root });
    if (!isProfileKey(key)) return no('unknown_field', { field: key });
    return (
      mayEditProfileField(key, ctx) ??
      (value === undefined ? null : invalid(key, checkProfileField(key, value)))
    );
  },
  remove({ root, key }, ctx) {
    if (root !== 'profile' || key === null) return no('unknown_field', { field: root });
    return mayEditProfileField(key, ctx);
  },
};

/** The business's private inbox tools: its owner alone writes, every value checked on its own. */
const inboxRules: DocRules = {
  set({ root, key, value }, { actor, name, doc }) {
    if (actor.id !== name.id) return no('not_owner');
    if (key === null || !isInboxRoot(root)) return no('unknown_field', { field: root });
    return value === undefined ? null : invalid(root, checkInboxWrite(doc, root, key, value));
  },
  remove: ({ root, key }, { actor, name }) => {
    if (actor.id !== name.id) return no('not_owner');
    return isInboxRoot(root) && key !== null ? null : no('removal_not_allowed', { field: root });
  },
};

export const docRules: Record<DocName['kind'], DocRules> = {
  conv: conversationRules,
  prefs: preferenceRules,
  profile: profileRules,
  person: personRules,
  inbox: inboxRules,
  announcements: onlyPlatform,
};
