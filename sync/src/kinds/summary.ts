/**
 * What a chat list, a notification or a search index says about an everyday-kind message. The
 * apps translate `summarize`'s structured result (kind plus a name or a duration); `summaryText`
 * is the English line the server uses where no app is present (push, webhooks' `text`).
 */
import { readContactCard } from './contact-card.ts';
import type { EverydayMessage } from './schemas.ts';
import { formatDuration } from './duration.ts';

export { formatDuration };

export interface KindSummary {
  kind: EverydayMessage['kind'];
  /** A contact's, document's or audio file's name, or a place's name or address. */
  label?: string;
  durationMs?: number;
}

export function summarize(message: EverydayMessage): KindSummary {
  switch (message.kind) {
    case 'voice':
      return { kind: 'voice', durationMs: message.durationMs };
    case 'video':
      return { kind: 'video', durationMs: message.durationMs };
    case 'audio':
    case 'document':
      return { kind: message.kind, label: message.name };
    case 'location': {
      const label = message.name ?? message.address;
      return label ? { kind: 'location', label } : { kind: 'location' };
    }
    case 'contact': {
      const read = readContactCard(message.vcard);
      return read.ok ? { kind: 'contact', label: read.card.name } : { kind: 'contact' };
    }
  }
}

const englishKind: Record<KindSummary['kind'], string> = {
  voice: 'Voice message',
  audio: 'Audio',
  document: 'Document',
  video: 'Video',
  location: 'Location',
  contact: 'Contact',
};

/** "Voice message 0:12", "Contact: Ana", "Location". */
export function summaryText(message: EverydayMessage): string {
  const { kind, label, durationMs } = summarize(message);
  if (label) return `${englishKind[kind]}: ${label}`;
  if (durationMs !== undefined) return `${englishKind[kind]} ${formatDuration(durationMs)}`;
  return englishKind[kind];
}
