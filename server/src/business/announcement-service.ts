/** The official account's announcements: written by operators, read by every business's app. */
import * as Y from 'yjs';
import {
  announcementsDocName,
  appendAnnouncement,
  noteTermsVersion,
  readAnnouncements,
  type Announcement,
  type LegalVersion,
} from '@souk/sync';
import type { DocStore } from '../sync/doc-store.ts';
import type { Clock } from '../clock.ts';

export class AnnouncementService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  async post(text: string): Promise<Announcement> {
    let posted: Announcement | null = null;
    await this.store.writeAsServer(announcementsDocName, (doc) => {
      posted = appendAnnouncement(doc, text, this.clock.now());
    });
    return posted!;
  }

  /** Tells every open business app that a new terms version awaits its acceptance. */
  async noteTerms(published: LegalVersion): Promise<void> {
    await this.store.writeAsServer(announcementsDocName, (doc) =>
      noteTermsVersion(doc, published.kind, published.version),
    );
  }

  async list(): Promise<Announcement[]> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.store.diff(announcementsDocName, new Uint8Array([0]))).update);
    return readAnnouncements(doc).reverse();
  }
}
