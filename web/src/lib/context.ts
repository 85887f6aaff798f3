import { getContext, setContext } from 'svelte';
import type { AppState } from './app-state.svelte.ts';

const key = Symbol('app-state');

export const provideAppState = (state: AppState): AppState => setContext(key, state);
export const useAppState = (): AppState => getContext<AppState>(key);
