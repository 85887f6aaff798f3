import { i18n } from '$lib/i18n/index.svelte.ts';
import type { PageLoad } from './$types';

// The people screens' words (a profile, presence) are a part of their own, kept off the first screen.
export const load: PageLoad = () => i18n.loadPart('people');
