/**
 * Carries out a message menu's action on the conversation's documents, always through the
 * builders of sync/src/docs/actions.ts (which refuse locally, with the validator's reason codes,
 * what the server would refuse). Loaded with the menu, so the first screen goes without it.
 */
import {
  accountRoutes,
  ActionRefused,
  appendForward,
  appendReply,
  checkForwardTargets,
  deleteForMe,
  deleteOwnMessage,
  editMessage,
  findMessages,
  forwardContent,
  mediaIdsIn,
  messageRoutes,
  parseDocName,
  react,
} from '@souk/sync';
import { call } from '../api.ts';
import { describeError } from '../errors.ts';
import type { AppState } from '../app-state.svelte.ts';
import { refusalText } from '../unsent/refusal-text.ts';
import { i18n } from '../i18n/index.svelte.ts';

type Act = (docs: Awaited<ReturnType<AppState['epochs']>>, me: string, now: number) => void;

/** Runs `act` on the chat's documents; a local refusal is said in a toast. True when done. */
async function run(souk: AppState, head: string, act: Act): Promise<boolean> {
  const me = souk.me?.id;
  if (!me) return false;
  const docs = await souk.epochs(head);
  try {
    act(docs, me, Date.now());
    return true;
  } catch (error) {
    if (!(error instanceof ActionRefused)) throw error;
    souk.toasts.show(refusalText(error.code, i18n.locale), 'error');
    return false;
  }
}

export function sendReply(souk: AppState, head: string, id: string, text: string) {
  return run(souk, head, (docs, me, now) => void appendReply(docs, me, text, id, now));
}

/** Sets one's reaction, or removes it (`null`). */
export function setReaction(souk: AppState, head: string, id: string, emoji: string | null) {
  return run(souk, head, (docs, me, now) => void react(docs, id, me, emoji, now));
}

export function edit(souk: AppState, head: string, id: string, text: string) {
  return run(souk, head, (docs, me, now) => void editMessage(docs, id, me, text, now));
}

export function deleteForEveryone(souk: AppState, head: string, id: string) {
  return run(souk, head, (docs, me, now) => deleteOwnMessage(docs, id, me, now));
}

/** "Delete for me": hidden on this person's own devices (a key of their preferences document). */
export async function hideForMe(souk: AppState, head: string, id: string): Promise<boolean> {
  const me = souk.me?.id;
  if (!me) return false;
  deleteForMe(await souk.open(`prefs:${me}`), head.slice('conv:'.length), id);
  return true;
}

/**
 * Forwards a message to at most 5 other chats (each gets a copy marked "Forwarded"). Media is
 * bound to its chat on the server (a copy naming another chat's is refused, `foreign_media`): a
 * photo is read from this chat and uploaded again to each; a voice note, audio, video or
 * document is shared into each by the server (`shareMedia`: its file, poster and preview), since
 * a device need not hold the file. Online only; a failure is said in a toast.
 */
export async function forward(souk: AppState, head: string, id: string, chats: string[]) {
  const source = await souk.epochs(head);
  const found = findMessages(source, id);
  if (found.length !== 1) return false;
  const message = found[0]!.message;
  try {
    checkForwardTargets(chats);
  } catch (error) {
    if (error instanceof ActionRefused)
      souk.toasts.show(refusalText(error.code, i18n.locale), 'error');
    return false;
  }
  for (const chat of chats) {
    let content: Record<string, unknown> = {};
    try {
      if (message.kind === 'image') content = await uploadCopy(souk, message.url, chat);
      else await shareInto(souk, mediaIdsIn(forwardContent(message)), chat);
    } catch (error) {
      souk.toasts.show(describeError(error), 'error');
      return false;
    }
    const done = await run(
      souk,
      chat,
      (docs, me, now) => void appendForward(docs, me, message, now, content),
    );
    if (!done) return false;
  }
  return true;
}

/** The photo at `url` (of this chat) uploaded again, bound to `chat`: its new fields. */
async function uploadCopy(souk: AppState, url: string, chat: string) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the photo could not be read (${response.status})`);
  const blob = await response.blob();
  const upload = new File([blob], 'photo.webp', { type: blob.type || 'image/webp' });
  const query = { chat: parseDocName(chat)!.id };
  const image = await call(souk.app, accountRoutes.uploadChatImage, { upload, query });
  return { url: image.url, thumb: image.thumb, width: image.width, height: image.height };
}

/** The media ids (of this chat) bound to `chat` too, so a copy there may name them. */
async function shareInto(souk: AppState, ids: Iterable<string>, chat: string) {
  const body = { chat: parseDocName(chat)!.id };
  for (const id of ids) await call(souk.app, messageRoutes.shareMedia, { params: { id }, body });
}
