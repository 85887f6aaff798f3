/**
 * When each party of a conversation last wrote: what the 24-hour window needs, without reading
 * the conversation for every message a business sends. "When" is the server's receive time
 * (`received`, recorded in the commit that stores the message), never the author's own `at`;
 * only a message stored before receive times existed falls back to its `at`.
 *
 * A conversation is read once (the epoch written to and the one before), then kept up to date
 * from every committed update the fan-out bus carries, from this process and the others. Times
 * only grow, so a copy that lags (a notification not yet arrived) can only make the window look
 * closed, never open: the gate re-reads the database before refusing for that reason
 * (`refresh`). Nothing uncommitted ever enters: only the store's documents and the bus.
 */
import type * as Y from 'yjs';
import { conversationParts, headDocName, opensCustomerWindow, type Message } from '@souk/sync';
import type { Hub } from '../sync/hub.ts';
import { messagesIn, receiveTimesIn } from './messages-in.ts';

const maxConversations = 50_000;

export class LastMessages {
  /** Conversation head → author → the latest `at` of their messages. */
  private readonly byConversation = new Map<string, Map<string, number>>();
  private readonly unsubscribe: () => void;

  constructor(hub: Hub) {
    this.unsubscribe = hub.subscribe((event) => {
      if (!event.doc.startsWith('conv:')) return;
      const known = this.byConversation.get(headDocName(event.doc));
      if (known) record(known, messagesIn(event.update), receiveTimesIn(event.update));
    });
  }

  /** The latest message time of `author` in the conversation of `doc`, or null if none. */
  async lastAt(doc: string, author: string, read: () => Promise<Y.Doc[]>): Promise<number | null> {
    const head = headDocName(doc);
    let known = this.byConversation.get(head);
    if (!known) {
      // Registered before reading, so updates committed meanwhile are recorded too.
      known = new Map();
      if (this.byConversation.size >= maxConversations) this.byConversation.clear();
      this.byConversation.set(head, known);
      await this.merge(known, read);
    }
    return known.get(author) ?? null;
  }

  /** Merges what `read` returns (the database's copy, say) and answers again. */
  async refresh(doc: string, author: string, read: () => Promise<Y.Doc[]>): Promise<number | null> {
    const known = this.byConversation.get(headDocName(doc));
    if (!known) return this.lastAt(doc, author, read);
    await this.merge(known, read);
    return known.get(author) ?? null;
  }

  private async merge(known: Map<string, number>, read: () => Promise<Y.Doc[]>): Promise<void> {
    for (const doc of await read()) {
      const { messages, received } = conversationParts(doc);
      record(known, messages.toArray(), received);
    }
  }

  close(): void {
    this.unsubscribe();
  }
}

function record(
  known: Map<string, number>,
  messages: Message[],
  received: { get(id: string): number | undefined },
): void {
  for (const message of messages) {
    // Only what opens a window counts, whoever wrote it: the window is the customer's.
    if (!opensCustomerWindow(message)) continue;
    const at = received.get(message.id) ?? message.at;
    const previous = known.get(message.author);
    if (previous === undefined || at > previous) known.set(message.author, at);
  }
}
