/**
 * Everyday kinds in the reader's language: the chat list's preview line ("Contact: Ana", "Voice
 * message 0:12"), file sizes, and where "open in maps" goes. Maps open through a `geo:` URI (any
 * maps app the device has) or OpenStreetMap's own site: no map tiles are ever drawn from a third
 * party inside Souk.
 */
import { formatDuration, type KindSummary } from '@souk/sync';
import type { MessageKey } from '../i18n/catalogues.ts';

/** The app's `t` (passed in, so this stays plain TypeScript that unit tests run). */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function kindPreview({ kind, label, durationMs }: KindSummary, t: Translate): string {
  if (label) return t(`kinds.${kind}Named` as 'kinds.contactNamed', { name: label });
  if (durationMs !== undefined && (kind === 'voice' || kind === 'video'))
    return t(`kinds.${kind}For`, { duration: formatDuration(durationMs) });
  return t(`kinds.${kind}`);
}

/** "1.2 MB", "340 kB" in the reader's locale. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** A coordinate as shown: 5 decimals (about a metre). */
export const formatCoordinate = (value: number) => value.toFixed(5);

/** RFC 5870 `geo:` URI, for the device's own maps app. */
export const geoUri = (lat: number, lon: number) =>
  `geo:${formatCoordinate(lat)},${formatCoordinate(lon)}`;

/** The point on openstreetmap.org (a link the person follows, not tiles in the app). */
export const osmUrl = (lat: number, lon: number) => {
  const [la, lo] = [formatCoordinate(lat), formatCoordinate(lon)];
  return `https://www.openstreetmap.org/?mlat=${la}&mlon=${lo}#map=17/${la}/${lo}`;
};
