import { i18n } from '$lib/i18n/index.svelte.ts';
import type { LayoutLoad } from './$types';

// A client-only SPA: the server serves the static shell, the device holds the data.
export const ssr = false;
export const prerender = false;

// The first screen draws in the person's language (its catalogue may load first).
export const load: LayoutLoad = () => i18n.ready;
