/**
 * The personal chat list's order under the person's chat controls: pinned chats first (newest
 * pin first, at most three), then the rest as given (newest message first); archived chats apart,
 * until a message after their archiving brings them back (unless muted). Each row says whether it
 * is pinned, muted or marked unread.
 */
import { isArchived, isMuted, pinnedChats, type ChatControls } from '@souk/sync';

interface Listed {
  doc: string;
  lastAt: number;
}

export type Arranged<T> = T & { pinned: boolean; muted: boolean; markedUnread: boolean };

export function arrangeChats<T extends Listed>(
  chats: readonly T[],
  controls: Map<string, ChatControls>,
  now: number,
): { main: Arranged<T>[]; archived: Arranged<T>[] } {
  const pins = pinnedChats(controls);
  const rows = chats.map((chat) => {
    const mine = controls.get(chat.doc.slice('conv:'.length));
    return {
      ...chat,
      pinned: pins.includes(chat.doc.slice('conv:'.length)),
      muted: isMuted(mine, now),
      markedUnread: mine?.markedUnread === true,
      archived: isArchived(mine, chat.lastAt, now),
    };
  });
  const main = rows.filter((r) => !r.archived);
  const pinned = pins.flatMap((id) => main.filter((r) => r.doc === `conv:${id}`));
  return {
    main: [...pinned, ...main.filter((r) => !r.pinned)],
    archived: rows.filter((r) => r.archived),
  };
}
