/**
 * The business app's inbox tools as one rune class: the business's private inbox document
 * (`inbox:<businessId>`, sync/src/docs/inbox.ts) read into state, the edits the screens make to
 * it, and the inbox's filter (a label, a search). The document lives on the device like every
 * other, so labels, notes and quick replies work offline and sync on reconnect.
 */
import type * as Y from 'yjs';
import {
  awayDefault,
  conversationIdOf,
  greetingDefault,
  inboxDocName,
  presetLabels,
  type AutoReplies,
  type Label,
  type LabelValue,
  type QuickReply,
} from '@souk/sync';
import type { AppState } from '$lib/app-state.svelte.ts';
import { t } from '$lib/i18n/index.svelte.ts';
import type { MessageKey } from '$lib/i18n/index.svelte.ts';
import { watchWith } from '$lib/watch-with.ts';

type InboxDoc = typeof import('./inbox-doc.ts');
const loadInboxDoc = (): Promise<InboxDoc> => import('./inbox-doc.ts');

export class InboxState {
  labels = $state<Label[]>(presetLabels.map((label) => ({ ...label, preset: true })));
  /** Conversation id → label ids. */
  chatLabels = $state(new Map<string, string[]>());
  notes = $state(new Map<string, string>());
  quickReplies = $state<QuickReply[]>([]);
  autoReplies = $state<AutoReplies>({ greeting: greetingDefault, away: awayDefault });
  /** The label the inbox is filtered by, or null for every chat. */
  filter = $state<string | null>(null);
  /** Conversations matching the search (null: no search). */
  found = $state<Set<string> | null>(null);

  constructor(private readonly souk: AppState) {}

  /** Whether the inbox shows only some chats (a label or a search). */
  get narrowed(): boolean {
    return this.filter !== null || this.found !== null;
  }

  private get name(): string {
    return inboxDocName(this.souk.me?.id ?? '');
  }

  /** Starts following the document; returns the function that stops. */
  follow(): () => void {
    return watchWith(this.souk, this.name, loadInboxDoc, (doc, inbox) => {
      const { readLabels, readChatLabels, readNotes, readQuickReplies, readAutoReplies } = inbox;
      this.labels = readLabels(doc);
      this.chatLabels = readChatLabels(doc);
      this.notes = readNotes(doc);
      this.quickReplies = readQuickReplies(doc);
      this.autoReplies = readAutoReplies(doc);
      if (this.filter && !this.labels.some((l) => l.id === this.filter)) this.filter = null;
    });
  }

  private async edit(change: (doc: Y.Doc, inbox: InboxDoc) => void): Promise<void> {
    const [doc, inbox] = await Promise.all([this.souk.open(this.name), loadInboxDoc()]);
    change(doc, inbox);
  }

  /** A label's name as shown: a preset's in the app's language, a custom one as written. */
  labelName(label: Label): string {
    return label.preset ? t(`inbox.preset.${label.id}` as MessageKey) : label.name;
  }

  labelsOf(doc: string): Label[] {
    const ids = this.chatLabels.get(conversationIdOf(doc)) ?? [];
    return this.labels.filter((l) => ids.includes(l.id));
  }

  noteOf(doc: string): string {
    return this.notes.get(conversationIdOf(doc)) ?? '';
  }

  /** Whether a chat is shown under the current filter and search. */
  shows(doc: string): boolean {
    if (this.found && !this.found.has(doc)) return false;
    if (!this.filter) return true;
    return (this.chatLabels.get(conversationIdOf(doc)) ?? []).includes(this.filter);
  }

  toggleLabel(doc: string, labelId: string, on: boolean): Promise<void> {
    return this.edit((d, { setChatLabel }) => setChatLabel(d, conversationIdOf(doc), labelId, on));
  }

  saveNote(doc: string, text: string): Promise<void> {
    return this.edit((d, { setNote }) => setNote(d, conversationIdOf(doc), text));
  }

  saveLabel(label: LabelValue & { id?: string }): Promise<void> {
    return this.edit((d, { saveLabel }) => void saveLabel(d, label));
  }

  removeLabel(id: string): Promise<void> {
    return this.edit((d, { removeLabel }) => removeLabel(d, id));
  }

  saveQuickReply(reply: QuickReply, previous?: string): Promise<void> {
    return this.edit((d, { saveQuickReply }) => void saveQuickReply(d, reply, previous));
  }

  removeQuickReply(shortcut: string): Promise<void> {
    return this.edit((d, { removeQuickReply }) => removeQuickReply(d, shortcut));
  }

  saveAutoReplies(next: AutoReplies): Promise<void> {
    return this.edit((d, { setGreeting, setAway }) => {
      d.transact(() => {
        setGreeting(d, next.greeting);
        setAway(d, next.away);
      });
    });
  }
}
