import { i18n } from '$lib/i18n/index.svelte.ts';
import type { PageLoad } from './$types';

// The people screens' words (a profile, presence) are a part of their own, kept off the first
// screen; the chat reads its messages through Dexie, fetched with the route (AppState opens it).
export const load: PageLoad = async () => {
  await Promise.all([i18n.loadPart('people'), import('$lib/db.ts')]);
};
