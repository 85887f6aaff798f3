/**
 * What a person wanted when they tapped a button on a business's link page (`/c/<handle>`):
 * message it (with the link's prefilled text) or receive its updates. Kept in localStorage, so it
 * survives signing in and installing the app (a new window), for an hour; taken once, by the
 * personal app when someone is signed in. Receiving updates is only ever carried when the person
 * tapped that button themselves: a link alone never opts anyone in.
 */
import { linkRoutes } from '@souk/sync';
import { call } from '$lib/api.ts';
import { saveDraft } from '$lib/unsent/drafts.ts';
import type { AppState } from '$lib/app-state.svelte.ts';
import { linkIntentKey } from './intent-key.ts';

const maxAgeMs = 60 * 60 * 1000;

export interface LinkIntent {
  handle: string;
  businessId: string;
  action: 'message' | 'optIn';
  /** The link's `?text=`: goes into the composer, never sent without the person. */
  text: string;
  at: number;
}

export function saveIntent(intent: Omit<LinkIntent, 'at'>): void {
  localStorage.setItem(linkIntentKey, JSON.stringify({ ...intent, at: Date.now() }));
}

function takeIntent(): LinkIntent | null {
  const raw = localStorage.getItem(linkIntentKey);
  localStorage.removeItem(linkIntentKey);
  if (!raw) return null;
  try {
    const intent = JSON.parse(raw) as Partial<LinkIntent>;
    const fresh = typeof intent.at === 'number' && Date.now() - intent.at < maxAgeMs;
    if (!fresh || typeof intent.handle !== 'string' || typeof intent.businessId !== 'string')
      return null;
    const action = intent.action === 'optIn' ? 'optIn' : 'message';
    const text = typeof intent.text === 'string' ? intent.text.slice(0, 4096) : '';
    return { handle: intent.handle, businessId: intent.businessId, action, text, at: intent.at! };
  } catch {
    return null;
  }
}

export type IntentTarget = { chat: string } | { business: string };

/** Carries out a waiting intent; returns where to go (the chat or the business's page), or null. */
export async function resumeIntent(souk: AppState): Promise<IntentTarget | null> {
  const intent = takeIntent();
  if (!intent) return null;
  if (intent.action === 'optIn') {
    optInFromLink(souk, intent.handle, intent.businessId);
    return { business: intent.businessId };
  }
  const doc = await souk.startChatFromLink(intent.handle);
  if (intent.text) await saveDraft(await souk.device.database(), doc, intent.text);
  return { chat: doc.slice('conv:'.length) };
}

/**
 * The person's own choice, made on the device at once; once the server has it (it checks the
 * person's preferences) the link counts it, in the background: only the count can be lost.
 */
export function optInFromLink(souk: AppState, handle: string, businessId: string): void {
  void souk
    .engine()
    .then((engine) => engine.optInConfirmed(businessId))
    .then(() => call(souk.app, linkRoutes.optIn, { params: { handle } }))
    .catch(() => {});
}
