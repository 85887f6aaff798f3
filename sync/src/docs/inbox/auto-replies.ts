/** The greeting and away messages: the settings and when they are due. */
import type * as Y from 'yjs';
import { inboxParts } from './parts.ts';
import { awayDefault, greetingDefault } from './basics.ts';
import { awaySchema, greetingSchema, type Away, type Greeting } from './schema.ts';

export interface AutoReplies {
  greeting: Greeting;
  away: Away;
}

export function readAutoReplies(doc: Y.Doc): AutoReplies {
  const { settings } = inboxParts(doc);
  const greeting = greetingSchema.safeParse(settings.get('greeting'));
  const away = awaySchema.safeParse(settings.get('away'));
  return {
    greeting: greeting.success ? greeting.data : greetingDefault,
    away: away.success ? away.data : awayDefault,
  };
}

export function setGreeting(doc: Y.Doc, greeting: Greeting): void {
  inboxParts(doc).settings.set('greeting', greetingSchema.parse(greeting));
}

export function setAway(doc: Y.Doc, away: Away): void {
  inboxParts(doc).settings.set('away', awaySchema.parse(away));
}

export type AutoReplyKind = 'greeting' | 'away';

/**
 * Which automatic messages a customer's message calls for, before the "at most once" claims the
 * server makes: the greeting when the customer makes first contact (`firstContact`: their first
 * message, in a chat the business did not start), the away message when the business is closed
 * (`open` false; null when the profile states no hours, so it is never "away").
 */
export function autoRepliesDue(
  settings: AutoReplies,
  { firstContact, open }: { firstContact: boolean; open: boolean | null },
): Array<{ kind: AutoReplyKind; text: string }> {
  const due: Array<{ kind: AutoReplyKind; text: string }> = [];
  const { greeting, away } = settings;
  if (greeting.enabled && greeting.text.trim() && firstContact)
    due.push({ kind: 'greeting', text: greeting.text.trim() });
  if (away.enabled && away.text.trim() && open === false)
    due.push({ kind: 'away', text: away.text.trim() });
  return due;
}
