/** One valid message of each everyday kind (tests here and across the repo build on these). */
import { writeContactCard } from './contact-card.ts';
import type { EverydayContent } from './append.ts';

export const kindSamples = {
  voice: {
    kind: 'voice',
    media: 'm_voice_0001',
    mime: 'audio/webm',
    size: 48_000,
    durationMs: 12_000,
    waveform: [0, 40, 255, 128, 3],
  },
  audio: {
    kind: 'audio',
    media: 'm_audio_0001',
    mime: 'audio/mpeg',
    size: 3_000_000,
    name: 'song.mp3',
  },
  document: {
    kind: 'document',
    media: 'm_doc_00001',
    mime: 'application/pdf',
    size: 120_000,
    name: 'invoice-42.pdf',
    pages: 3,
    preview: 'm_docprev_01',
  },
  video: {
    kind: 'video',
    media: 'm_video_0001',
    mime: 'video/mp4',
    size: 9_000_000,
    poster: 'm_poster_001',
    durationMs: 75_000,
  },
  location: {
    kind: 'location',
    lat: 40.4168,
    lon: -3.7038,
    name: 'Tienda',
    address: 'Calle Mayor 1, Madrid',
  },
  contact: {
    kind: 'contact',
    vcard: writeContactCard({ name: 'Ana Pérez', phones: ['+34600000001'], emails: [] }),
  },
} satisfies { [K in EverydayContent['kind']]: Extract<EverydayContent, { kind: K }> };
