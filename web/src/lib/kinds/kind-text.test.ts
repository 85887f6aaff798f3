import { beforeAll, describe, expect, it } from 'vitest';
import { summarize, type EverydayMessage } from '@souk/sync';
import { kindSamples } from '@souk/sync/testing';
import { loadCatalogue, message, type MessageKey } from '../i18n/catalogues.ts';
import { formatBytes, geoUri, kindPreview, osmUrl } from './kind-text.ts';

let locale: 'en' | 'es' = 'en';

const base = { id: 'msg_00000001', author: 'u_ana', n: 1, at: 1 };
const preview = (content: object) =>
  kindPreview(
    summarize({ ...base, ...content } as EverydayMessage),
    (key: MessageKey, params?: Record<string, string | number>) => message(locale, key, params),
  );

describe('everyday kinds in the chat list', () => {
  beforeAll(() => loadCatalogue('es'));

  it('says what each kind is, in English and Spanish', () => {
    expect(preview(kindSamples.voice)).toBe('Voice message 0:12');
    expect(preview(kindSamples.contact)).toBe('Contact: Ana Pérez');
    expect(preview({ kind: 'location', lat: 1, lon: 2 })).toBe('Location');
    expect(preview(kindSamples.location)).toBe('Location: Tienda');
    expect(preview(kindSamples.document)).toBe('Document: invoice-42.pdf');
    expect(preview(kindSamples.video)).toBe('Video 1:15');
    expect(preview(kindSamples.audio)).toBe('Audio: song.mp3');
    locale = 'es';
    expect(preview(kindSamples.voice)).toBe('Mensaje de voz 0:12');
    expect(preview(kindSamples.contact)).toBe('Contacto: Ana Pérez');
    expect(preview({ kind: 'location', lat: 1, lon: 2 })).toBe('Ubicación');
  });

  it('links a point to maps without tiles', () => {
    expect(geoUri(40.4168, -3.7038)).toBe('geo:40.41680,-3.70380');
    expect(osmUrl(-90, 180)).toBe(
      'https://www.openstreetmap.org/?mlat=-90.00000&mlon=180.00000#map=17/-90.00000/180.00000',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(512, 'en')).toMatch(/^512\sbyte/);
    expect(formatBytes(1_234_000, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_234_000, 'es')).toBe('1,2 MB');
  });
});
