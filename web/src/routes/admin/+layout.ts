import { i18n } from '$lib/i18n/index.svelte.ts';
import type { LayoutLoad } from './$types';

// The console's messages are a part of their own (lib/i18n/catalogues.ts): the apps never load them.
export const load: LayoutLoad = () => i18n.loadPart('admin');
