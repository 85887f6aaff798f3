/**
 * A tap on a reaction under a bubble: one's own is taken back, another emoji becomes one's
 * reaction (replacing one's other one). The builders come with the menu's module, loaded on the
 * first tap, so the chat opens without them.
 */
import type { AppState } from '../app-state.svelte.ts';
import type { ReactionCount } from '../db.ts';

export async function toggleReaction(
  souk: AppState,
  head: string,
  messageId: string,
  { emoji, mine }: Pick<ReactionCount, 'emoji' | 'mine'>,
): Promise<boolean> {
  const { setReaction } = await import('./message-actions.ts');
  return setReaction(souk, head, messageId, mine ? null : emoji);
}
