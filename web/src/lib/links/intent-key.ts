/** Where a link's intent waits (links/intent.ts); alone so the first screen can look without loading it. */
export const linkIntentKey = 'souk.link-intent';
