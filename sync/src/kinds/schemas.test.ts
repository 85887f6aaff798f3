/** Every everyday kind: a valid sample passes, every field out of its bounds or type is refused. */
import { describe, expect, it } from 'vitest';
import { messageSchema } from '../docs/conversation.ts';
import { contactLimits, writeContactCard } from './contact-card.ts';
import { mediaKindLimits } from './media-ref.ts';
import { kindSamples } from './samples.ts';

const base = { id: 'msg_00000001', author: 'u_ana', n: 1, at: 1 };
const check = (content: object) => messageSchema.safeParse({ ...base, ...content });
/** The path of the first issue, or null when valid. */
const broken = (content: object) => {
  const parsed = check(content);
  return parsed.success ? null : parsed.error.issues[0]!.path.join('.');
};

describe('everyday kinds', () => {
  it.each(Object.values(kindSamples))('accepts a valid $kind', (sample) => {
    expect(check(sample).success).toBe(true);
  });

  it('bounds a voice note: waveform size and samples, duration, mime family, media id', () => {
    const voice = kindSamples.voice;
    const samples = mediaKindLimits.waveformSamples;
    expect(broken({ ...voice, waveform: Array(samples).fill(1) })).toBeNull();
    expect(broken({ ...voice, waveform: Array(samples + 1).fill(1) })).toBe('waveform');
    expect(broken({ ...voice, waveform: [256] })).toBe('waveform.0');
    expect(broken({ ...voice, waveform: [1.5] })).toBe('waveform.0');
    expect(broken({ ...voice, waveform: 'loud' })).toBe('waveform');
    expect(broken({ ...voice, durationMs: mediaKindLimits.voiceMs + 1 })).toBe('durationMs');
    expect(broken({ ...voice, durationMs: 0 })).toBe('durationMs');
    expect(broken({ ...voice, mime: 'video/webm' })).toBe('mime');
    expect(broken({ ...voice, media: '/media/x.webp' })).toBe('media');
    expect(broken({ ...voice, size: '48000' })).toBe('size');
    expect(broken({ ...voice, extra: 1 })).toBe('');
  });

  it('bounds a document: name without a path, size, pages, preview id', () => {
    const doc = kindSamples.document;
    expect(broken({ ...doc, name: '../etc/passwd' })).toBe('name');
    expect(broken({ ...doc, name: 'a\u0000.pdf' })).toBe('name');
    expect(broken({ ...doc, name: 'x'.repeat(256) })).toBe('name');
    expect(broken({ ...doc, size: mediaKindLimits.documentBytes + 1 })).toBe('size');
    expect(broken({ ...doc, pages: 0 })).toBe('pages');
    expect(broken({ ...doc, preview: 'short' })).toBe('preview');
    expect(broken({ ...doc, mime: 'text/html; charset=utf-8' })).toBe('mime');
    const { pages: _p, preview: _v, ...plain } = doc;
    expect(broken(plain)).toBeNull();
  });

  it('bounds a video and an audio file', () => {
    expect(broken({ ...kindSamples.video, poster: undefined })).toBe('poster');
    expect(broken({ ...kindSamples.video, size: mediaKindLimits.videoBytes + 1 })).toBe('size');
    expect(broken({ ...kindSamples.video, mime: 'audio/mp4' })).toBe('mime');
    expect(broken({ ...kindSamples.audio, mime: 'application/x-msdownload' })).toBe('mime');
    expect(broken({ ...kindSamples.audio, name: '' })).toBe('name');
  });

  it('range-checks a location and bounds its name and address', () => {
    const loc = kindSamples.location;
    expect(broken({ ...loc, lat: 91 })).toBe('lat');
    expect(broken({ ...loc, lat: -90.0001 })).toBe('lat');
    expect(broken({ ...loc, lon: 180.5 })).toBe('lon');
    expect(broken({ ...loc, lat: Number.NaN })).toBe('lat');
    expect(broken({ ...loc, lon: Number.POSITIVE_INFINITY })).toBe('lon');
    expect(broken({ ...loc, lat: '40.4' })).toBe('lat');
    expect(broken({ ...loc, name: 'x'.repeat(101) })).toBe('name');
    expect(broken({ ...loc, address: 'x'.repeat(257) })).toBe('address');
    expect(broken({ kind: 'location', lat: -90, lon: 180 })).toBeNull();
  });

  it('takes only a strict vCard 4 as a contact card', () => {
    const card = (text: string) => broken({ kind: 'contact', vcard: text });
    expect(card('not a card')).toBe('vcard');
    expect(card('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEND:VCARD\r\n')).toBe('vcard');
    expect(card('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toBe('vcard');
    const two = kindSamples.contact.vcard + kindSamples.contact.vcard;
    expect(card(two)).toBe('vcard');
    const phones = Array.from({ length: contactLimits.phones + 1 }, (_, i) => `+3460000000${i}`);
    expect(card(writeContactCard({ name: 'Ana', phones, emails: [] }))).toBe('vcard');
    const huge = writeContactCard({ name: 'Ana', phones: [], emails: [] }).replace(
      'END:VCARD',
      `NOTE:${'x'.repeat(contactLimits.vcardChars)}\r\nEND:VCARD`,
    );
    expect(card(huge)).toBe('vcard');
    expect(broken({ kind: 'contact', vcard: 42 })).toBe('vcard');
  });
});
