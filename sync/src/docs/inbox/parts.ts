/** The inbox document's root maps. */
import type * as Y from 'yjs';

export function inboxParts(doc: Y.Doc) {
  return {
    labels: doc.getMap<unknown>('labels'),
    chatLabels: doc.getMap<unknown>('chatLabels'),
    notes: doc.getMap<unknown>('notes'),
    quickReplies: doc.getMap<unknown>('quickReplies'),
    settings: doc.getMap<unknown>('settings'),
  };
}

type InboxRoot = keyof ReturnType<typeof inboxParts>;
const inboxRoots = new Set<string>(['labels', 'chatLabels', 'notes', 'quickReplies', 'settings']);
export const isInboxRoot = (root: string): root is InboxRoot => inboxRoots.has(root);
