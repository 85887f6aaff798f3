import type { App } from '@souk/sync';

/** The app a path belongs to: Souk Business lives under /business, the personal app elsewhere. */
export const appAt = (pathname: string): App =>
  /^\/business(\/|$)/.test(pathname) ? 'business' : 'personal';
