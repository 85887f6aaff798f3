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
import { asPlatform, type ServerWrite } from '../submit/submit.ts';
import type { Clock } from '../clock.ts';

export class AnnouncementService {
  constructor(
    private readonly store: DocStore,
    private readonly write: ServerWrite,
    private readonly clock: Clock,
  ) {}

  async post(text: string): Promise<Announcement> {
    return asPlatform(this.write, announcementsDocName, (doc) =>
      appendAnnouncement(doc, text, this.clock.now()),
    );
  }

  /** Tells every open business app that a new terms version awaits its acceptance. */
  async noteTerms(published: LegalVersion): Promise<void> {
    await asPlatform(this.write, announcementsDocName, (doc) =>
      noteTermsVersion(doc, published.kind, published.version),
    );
  }

  async list(): Promise<Announcement[]> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await this.store.diff(announcementsDocName, new Uint8Array([0]))).update);
    return readAnnouncements(doc).reverse();
  }
}
