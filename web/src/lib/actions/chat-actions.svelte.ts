/**
 * One open chat's message actions, shared by its bubbles, its menu, its history and its
 * composer (a context set by ChatView): the message whose menu is open, the one being replied
 * to, and a quoted message to bring into view.
 */
import { getContext, setContext } from 'svelte';
import type { MessageRow } from '../db.ts';

export class ChatActions {
  /** The message whose menu is open. */
  menuFor = $state<MessageRow | null>(null);
  /** The message the composer answers. */
  replying = $state<MessageRow | null>(null);
  /** A message key to scroll into view and highlight (a quote was followed); `seq` repeats it. */
  jump = $state<{ key: string; seq: number } | null>(null);
  /** The message highlighted for a moment after a jump to it. */
  highlight = $state<string | null>(null);
  /** The other party's name, for quotes of their messages. */
  peer = $state('');
  private seq = 0;

  constructor(public doc: string) {}

  /** Another chat opened in the same view: nothing of the last one carries over. */
  switchTo(doc: string): void {
    if (doc === this.doc) return;
    this.doc = doc;
    this.menuFor = this.replying = this.jump = this.highlight = null;
  }

  jumpTo(id: string): void {
    this.jump = { key: `${this.doc}|${id}`, seq: ++this.seq };
  }

  reply(row: MessageRow): void {
    this.menuFor = null;
    this.replying = row;
  }
}

const key = Symbol('chat-actions');
export const provideChatActions = (actions: ChatActions) => setContext(key, actions);
/** The open chat's actions, or undefined outside a chat. */
export const useChatActions = (): ChatActions | undefined => getContext<ChatActions>(key);
