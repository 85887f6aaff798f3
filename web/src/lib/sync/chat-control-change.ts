import type * as Y from 'yjs';
import { setArchived, setMarkedUnread, setMute, setPinned } from '@souk/sync';

/** One change to a chat's controls, as the screens ask for it (applied by the sync engine). */
export type ChatControlChange =
  | { kind: 'pin'; on: boolean }
  | { kind: 'mute'; until: number | 'always' | null }
  | { kind: 'archive'; on: boolean }
  | { kind: 'unread'; on: boolean };

/** Writes `change` for the conversation `head` (`conv:<id>`) into the preferences document. */
export function applyChatControl(
  prefs: Y.Doc,
  head: string,
  change: ChatControlChange,
  now: number,
): void {
  const chat = head.slice('conv:'.length);
  if (change.kind === 'pin') setPinned(prefs, chat, change.on, now);
  else if (change.kind === 'mute') setMute(prefs, chat, change.until);
  else if (change.kind === 'archive') setArchived(prefs, chat, change.on, now);
  else setMarkedUnread(prefs, chat, change.on);
}
