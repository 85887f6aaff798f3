/**
 * Presence in the chat on screen (typing, online, last seen: sync/src/presence), for the sync
 * engine. y-protocols' awareness code loads with the first chat opened, not with the engine.
 */
import type * as Y from 'yjs';
import type { SyncClient } from '@souk/sync';
import type { PresenceClient, PresenceView } from '@souk/sync/presence';

export type { PresenceView };

export class ChatPresence {
  private loading: Promise<PresenceClient> | null = null;

  constructor(
    private readonly client: SyncClient,
    private readonly open: (name: string) => Promise<Y.Doc>,
    private readonly me: string,
  ) {}

  private load(): Promise<PresenceClient> {
    this.loading ??= import('@souk/sync/presence').then(
      ({ PresenceClient }) => new PresenceClient(this.client, this.me),
    );
    return this.loading;
  }

  /** Joins the conversation's room while `fn` is wanted; `fn` gets what to show. Returns a stop. */
  watch(head: string, fn: (view: PresenceView) => void): () => void {
    let stop: (() => void) | null = null;
    let stopped = false;
    void Promise.all([this.load(), this.open(head)]).then(([presence, doc]) => {
      if (stopped) return;
      presence.join(head, doc);
      const off = presence.on('change', (changed) => {
        if (changed === head) fn(presence.view(head));
      });
      fn(presence.view(head));
      stop = () => {
        off();
        presence.leave(head);
      };
    });
    return () => {
      stopped = true;
      stop?.();
    };
  }

  /** The composer's text changed (`false`: sent or emptied). */
  typing(head: string, on: boolean): void {
    void this.loading?.then((presence) => presence.typing(head, on));
  }
}
