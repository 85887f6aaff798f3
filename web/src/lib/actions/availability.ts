/**
 * Which entries a message's menu offers (issue 17): what the rules in sync/src/docs/actions.ts
 * would accept, decided from the projected row alone so the menu never offers an action the
 * validator refuses. Edit and delete for everyone are the author's, within 15 minutes and 48
 * hours of the server receiving the message (its `at` while it has no receive time yet). Delete
 * for me is any message's, where the person has a preferences document (the personal app).
 */
import { limits } from '@souk/sync';
import type { MessageRow } from '../db.ts';

export type MessageAction =
  'reply' | 'react' | 'copy' | 'forward' | 'edit' | 'delete' | 'deleteForMe' | 'info';

/** The short row of reactions, in order; each is content (an emoji), named for screen readers. */
export const quickReactions = [
  { emoji: '👍', name: 'thumbsUp' },
  { emoji: '❤️', name: 'heart' },
  { emoji: '😂', name: 'laugh' },
  { emoji: '😮', name: 'surprised' },
  { emoji: '😢', name: 'sad' },
  { emoji: '🙏', name: 'thanks' },
] as const;
export type ReactionName = (typeof quickReactions)[number]['name'];

export type ActionRow = Pick<
  MessageRow,
  'mine' | 'at' | 'text' | 'tick' | 'system' | 'image' | 'everyday' | 'template'
> & { deleted?: boolean; receivedAt?: number };

/** The entries of the menu for `row` at `now`, in the order they are shown. */
export function availableActions(
  row: ActionRow,
  now: number,
  { hideForMe = false }: { hideForMe?: boolean } = {},
): MessageAction[] {
  if (row.system || row.deleted) return [];
  const sent = row.receivedAt ?? row.at;
  const textOnly = !row.image && !row.everyday && !row.template;
  // A message still on its way has no receive time the server agrees with: no edit or delete yet.
  const stored = !row.mine || (row.tick !== 'pending' && row.tick !== null);
  const actions: MessageAction[] = ['reply', 'react'];
  if (row.text.trim() !== '') actions.push('copy');
  // Every kind: media is uploaded again (a photo) or shared (other files) into each chat.
  actions.push('forward');
  if (row.mine && stored && textOnly && now - sent <= limits.editWindowMs) actions.push('edit');
  if (row.mine && stored && now - sent <= limits.deleteForEveryoneMs) actions.push('delete');
  if (hideForMe) actions.push('deleteForMe');
  if (row.mine) actions.push('info');
  return actions;
}
