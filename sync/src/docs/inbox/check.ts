/** The validator's check of one write into the inbox document. */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { inboxParts } from './parts.ts';
import { chatLabelKey, idPattern } from './patterns.ts';
import { inboxLimits } from './basics.ts';
import {
  awaySchema,
  greetingSchema,
  labelSchema,
  noteSchema,
  quickReplyTextSchema,
  shortcutSchema,
} from './schema.ts';

/** A new key in a map that already holds `max` keys is refused. */
function tooMany(map: Y.Map<unknown>, key: string, max: number): boolean {
  return !map.has(key) && map.size >= max;
}

const firstIssue = (error: z.ZodError, fallback: string) => error.issues[0]?.message ?? fallback;

/**
 * Checks one map write into the inbox document (`doc` is the server's copy, for the counts);
 * returns null when valid, or the reason. Who writes is the validator rule's business.
 */
export function checkInboxWrite(doc: Y.Doc, root: string, key: string, value: unknown) {
  const parts = inboxParts(doc);
  switch (root) {
    case 'labels': {
      if (!idPattern.test(key)) return 'invalid label id';
      if (tooMany(parts.labels, key, inboxLimits.labels))
        return `at most ${inboxLimits.labels} labels`;
      if (value === null) return null;
      const parsed = labelSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid label');
    }
    case 'chatLabels':
      if (!chatLabelKey.test(key)) return 'invalid chat label key';
      return value === true ? null : 'a chat label is set to true (remove it to take it off)';
    case 'notes': {
      if (!idPattern.test(key)) return 'invalid conversation id';
      const parsed = noteSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid note');
    }
    case 'quickReplies': {
      const shortcut = shortcutSchema.safeParse(key);
      if (!shortcut.success) return firstIssue(shortcut.error, 'invalid shortcut');
      if (tooMany(parts.quickReplies, key, inboxLimits.quickReplies))
        return `at most ${inboxLimits.quickReplies} quick replies`;
      const parsed = quickReplyTextSchema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, 'invalid quick reply');
    }
    case 'settings': {
      const schema = key === 'greeting' ? greetingSchema : key === 'away' ? awaySchema : null;
      if (!schema) return `unknown setting ${key}`;
      const parsed = schema.safeParse(value);
      return parsed.success ? null : firstIssue(parsed.error, `invalid ${key}`);
    }
    default:
      return `unknown field ${root}`;
  }
}
