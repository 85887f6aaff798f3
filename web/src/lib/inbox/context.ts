import { getContext, setContext } from 'svelte';
import type { InboxState } from './inbox-state.svelte.ts';

const key = Symbol('inbox');

export const provideInbox = (inbox: InboxState): InboxState => setContext(key, inbox);
/** The business app's inbox tools (null outside it). */
export const useInbox = (): InboxState | null => getContext<InboxState | undefined>(key) ?? null;
