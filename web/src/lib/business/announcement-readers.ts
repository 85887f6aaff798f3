// The announcements document's reader, loaded when the official account follows it
// (announcements.svelte.ts): its zod schema stays off the first screen.
export { readAnnouncements } from '@souk/sync';
