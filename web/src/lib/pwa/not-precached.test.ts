import { describe, expect, it } from 'vitest';
import { notPrecached } from './not-precached.ts';

describe('notPrecached', () => {
  it("leaves out the emoji data, pdf.js's worker and the screenshots, and keeps the app", () => {
    expect(notPrecached('_app/immutable/assets/data.B1x2y3.json')).toBe(true);
    expect(notPrecached('/_app/immutable/assets/data.B1x2y3.json')).toBe(true);
    expect(notPrecached('/screenshots/chat-wide.png')).toBe(true);
    expect(notPrecached('_app/immutable/assets/pdf.worker.min.FHbmGBN0.mjs')).toBe(true);
    expect(notPrecached('/_app/immutable/chunks/EmojiPicker.B1x2y3.js')).toBe(false);
    expect(notPrecached('/_app/immutable/assets/0.B1x2y3.css')).toBe(false);
    expect(notPrecached('/manifest.webmanifest')).toBe(false);
  });
});
