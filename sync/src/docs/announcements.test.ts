import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendAnnouncement, postAnnouncementSchema, readAnnouncements } from './announcements.ts';
import { noteTermsVersion, readTermsVersions } from './announcements-terms.ts';

describe('announcements', () => {
  it('appends trimmed posts in order and reads back only valid ones', () => {
    const doc = new Y.Doc();
    appendAnnouncement(doc, '  New terms next week.  ', 1);
    appendAnnouncement(doc, 'Maintenance tonight.', 2);
    doc.getArray('posts').push([{ text: 'no id' }]);
    expect(readAnnouncements(doc).map((p) => [p.text, p.at])).toEqual([
      ['New terms next week.', 1],
      ['Maintenance tonight.', 2],
    ]);
  });

  it('refuses empty and oversized posts with a clear message', () => {
    expect(postAnnouncementSchema.safeParse({ text: '   ' }).error?.issues[0]?.message).toBe(
      'Write the announcement first.',
    );
    expect(
      postAnnouncementSchema.safeParse({ text: 'x'.repeat(4001) }).error?.issues[0]?.message,
    ).toContain('at most 4000');
    expect(() => appendAnnouncement(new Y.Doc(), ' ', 1)).toThrow();
  });
});

describe('terms versions in the announcements document', () => {
  it('records each newly published version, never lowers one, and ignores junk', () => {
    const doc = new Y.Doc();
    expect(readTermsVersions(doc)).toEqual({});
    noteTermsVersion(doc, 'tos', 2);
    noteTermsVersion(doc, 'privacy', 1);
    noteTermsVersion(doc, 'tos', 1);
    expect(readTermsVersions(doc)).toEqual({ tos: 2, privacy: 1 });
    expect(doc.getArray('termsPublished').length).toBe(2);
    doc.getArray('termsPublished').push([
      { kind: 'privacy', version: 'three' },
      { kind: 'x', version: 9 },
    ]);
    expect(readTermsVersions(doc)).toEqual({ tos: 2, privacy: 1 });
  });
});
