import { getContext, setContext } from 'svelte';
import type { OfficialAccount } from './announcements.svelte.ts';

const key = Symbol('official-account');

export const provideOfficialAccount = (official: OfficialAccount): OfficialAccount =>
  setContext(key, official);
export const useOfficialAccount = (): OfficialAccount => getContext<OfficialAccount>(key);
