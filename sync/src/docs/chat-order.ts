/**
 * What a chat's controls mean for the chat list, without zod or Yjs: whether a chat is muted or
 * archived now, and which chats are pinned in what order. The apps' first screen arranges the list
 * with these alone, so they live apart from chat-controls.ts (which reads and checks the
 * preferences document, and needs zod).
 */

export const maxPinned = 3;
export const muteDurations = { eightHours: 8 * 3600 * 1000, oneWeek: 7 * 24 * 3600 * 1000 };

export interface ChatControls {
  mutedUntil?: number | 'always';
  pinnedAt?: number;
  archivedAt?: number;
  markedUnread?: boolean;
}

export function isMuted(controls: ChatControls | undefined, now: number): boolean {
  const until = controls?.mutedUntil;
  return until === 'always' || (typeof until === 'number' && until > now);
}

/** Archived, and no message since (a muted chat stays archived whatever arrives). */
export function isArchived(
  controls: ChatControls | undefined,
  lastMessageAt: number,
  now: number,
): boolean {
  const at = controls?.archivedAt;
  return at !== undefined && (lastMessageAt <= at || isMuted(controls, now));
}

/** The pinned chats in list order (newest pin first), at most `maxPinned` even after a merge. */
export function pinnedChats(controls: Map<string, ChatControls>): string[] {
  return [...controls]
    .filter(([, c]) => c.pinnedAt !== undefined)
    .sort(([, a], [, b]) => b.pinnedAt! - a.pinnedAt!)
    .slice(0, maxPinned)
    .map(([chat]) => chat);
}

/** When the next timed mute ends after `now` (a list re-arranges then), or null if none will. */
export function nextMuteEnd(controls: Map<string, ChatControls>, now: number): number | null {
  let next: number | null = null;
  for (const { mutedUntil } of controls.values()) {
    if (typeof mutedUntil === 'number' && mutedUntil > now && (next === null || mutedUntil < next))
      next = mutedUntil;
  }
  return next;
}
