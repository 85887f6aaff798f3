/**
 * Carries out a message menu's action on the conversation's documents, always through the
 * builders of sync/src/docs/actions.ts (which refuse locally, with the validator's reason codes,
 * what the server would refuse). Loaded with the menu, so the first screen goes without it.
 */
import {
  ActionRefused,
  appendForward,
  appendReply,
  checkForwardTargets,
  deleteOwnMessage,
  editMessage,
  findMessages,
  react,
} from '@souk/sync';
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

/** Forwards a message to at most 5 other chats (each gets a copy marked "Forwarded"). */
export async function forward(souk: AppState, head: string, id: string, chats: string[]) {
  const source = await souk.epochs(head);
  const found = findMessages(source, id);
  if (found.length !== 1) return false;
  try {
    checkForwardTargets(chats);
  } catch (error) {
    if (error instanceof ActionRefused)
      souk.toasts.show(refusalText(error.code, i18n.locale), 'error');
    return false;
  }
  for (const chat of chats)
    if (
      !(await run(
        souk,
        chat,
        (docs, me, now) => void appendForward(docs, me, found[0]!.message, now),
      ))
    )
      return false;
  return true;
}
