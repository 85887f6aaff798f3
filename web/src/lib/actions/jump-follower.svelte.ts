/**
 * Following a quote to its original in the open chat's virtualised history (issue 17): read back
 * far enough to hold it (jump-to.ts: older history loads as needed), scroll it to the middle once
 * its row is drawn, and highlight it for a moment. Set up while the history component starts.
 */
import { tick, untrack } from 'svelte';
import type { VirtualizerHandle } from 'virtua/svelte';
import type { SoukDb } from '../db.ts';
import { messagesFrom } from '../components/jump-to.ts';
import { t } from '../i18n/index.svelte.ts';
import type { Toasts } from '../ui/toasts.svelte.ts';
import { useChatActions } from './chat-actions.svelte.ts';

const highlightMs = 2000;

export interface JumpView {
  rows: () => readonly { key: string }[];
  list: () => VirtualizerHandle | null;
  /** Makes the history read at least this many of the newest messages. */
  readBack: (count: number) => void;
  /** The list scrolled away from its end. */
  leftEnd: () => void;
}

/** Called while the history of `doc` starts, with what it shows and how to move it. */
export function followJumps(
  souk: { db: SoukDb; toasts: Toasts },
  doc: string,
  view: JumpView,
): void {
  const actions = useChatActions();
  if (!actions) return;
  const deps = { ...view, db: souk.db, toasts: souk.toasts, doc };
  let waiting = $state<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  $effect(() => {
    const jump = actions.jump;
    if (!jump || jump.key.split('|')[0] !== deps.doc) return;
    untrack(() => {
      actions.jump = null;
      void messagesFrom(deps.db, deps.doc, jump.key).then((count) => {
        if (count === null) return deps.toasts.show(t('actions.gone'));
        deps.readBack(count + 10);
        waiting = jump.key;
      });
    });
  });
  $effect(() => {
    const key = waiting;
    const list = deps.list();
    const index = key ? deps.rows().findIndex((row) => row.key === key) : -1;
    if (!key || !list || index < 0) return;
    waiting = null;
    deps.leftEnd();
    void tick().then(() => list.scrollToIndex(index, { align: 'center' }));
    actions.highlight = key;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (actions.highlight === key) actions.highlight = null;
    }, highlightMs);
  });
  $effect(() => () => clearTimeout(timer));
}
