/**
 * The official account as the business app sees it: the platform's announcements document,
 * opened at start (so it is on the device for offline reading) and "read" up to the newest post
 * when the business opens it.
 */
import { announcementsDocName, type Announcement } from '@souk/sync';
import type { AppState } from '$lib/app-state.svelte.ts';
import { watchWith } from '$lib/watch-with.ts';

const seenKey = 'announcementsSeen';

export class OfficialAccount {
  posts = $state<Announcement[]>([]);
  seenAt = $state(0);
  readonly unread = $derived(this.posts.filter((p) => p.at > this.seenAt).length);

  constructor(private readonly souk: AppState) {}

  /** Starts following the document; returns the function that stops. */
  follow(): () => void {
    void this.souk.device.meta.get(seenKey).then((seen) => (this.seenAt = Number(seen ?? 0)));
    return watchWith(
      this.souk,
      announcementsDocName,
      () => import('./announcement-readers.ts'),
      (doc, { readAnnouncements }) => (this.posts = readAnnouncements(doc)),
    );
  }

  async markRead(): Promise<void> {
    const newest = this.posts.at(-1)?.at ?? 0;
    if (newest <= this.seenAt) return;
    this.seenAt = newest;
    await this.souk.device.meta.put(seenKey, newest);
  }
}
