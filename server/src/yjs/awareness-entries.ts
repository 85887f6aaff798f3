/** The y-protocols awareness update format, entry by entry (shared with /sync's presence). */
export { readAwarenessEntries, writeAwarenessEntries, type AwarenessEntry } from '@souk/sync';
