// The inbox document's readers and edits, loaded when the inbox follows or edits it
// (inbox-state.svelte.ts): they validate with zod, which the first screen does not load.
export {
  readAutoReplies,
  readChatLabels,
  readLabels,
  readNotes,
  readQuickReplies,
  removeLabel,
  removeQuickReply,
  saveLabel,
  saveQuickReply,
  setAway,
  setChatLabel,
  setGreeting,
  setNote,
} from '@souk/sync';
