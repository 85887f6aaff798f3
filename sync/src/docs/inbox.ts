/**
 * A business's inbox tools, `inbox:<businessId>`: its private data about its customers' chats
 * (labels, notes) and its own settings (quick replies, greeting and away messages). Only that
 * business reads and writes it; customers never see it. The server reads the settings to send the
 * greeting and away messages when the business's devices are offline.
 *
 * It is a Y.Doc like every other, so the business app keeps it on the device and edits it offline.
 * Why it is shaped so: every root is a map with one key per thing, so two devices editing
 * different things offline never conflict, and the update validator checks each write alone
 * (`checkInboxWrite`):
 *   labels        labelId → {name, color}, or null for a preset label the business removed
 *   chatLabels    `<convId>/<labelId>` → true (a chat carries a label; removing it deletes the key)
 *   notes         convId → text (at most 2,000 characters)
 *   quickReplies  shortcut → text (typed as `/shortcut` in the composer)
 *   settings      `greeting` → {enabled, text}; `away` → {enabled, text, everyHours}
 * The preset labels (New customer … Order complete) exist without being written: a missing key
 * means the preset, so a new business's document is empty.
 */
export * from './inbox/basics.ts';
export * from './inbox/schema.ts';
export * from './inbox/parts.ts';
export * from './inbox/check.ts';
export * from './inbox/labels.ts';
export * from './inbox/notes.ts';
export * from './inbox/quick-replies.ts';
export * from './inbox/auto-replies.ts';
