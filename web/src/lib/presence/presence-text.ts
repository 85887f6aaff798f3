/**
 * What a chat's header says of the other side's presence (typing, online, last seen), or '', in
 * `locale` (the `people` part of the messages must be loaded: the chat routes load it).
 */
import type { PresenceView } from '@souk/sync/presence';
import { message, type Locale } from '../i18n/catalogues.ts';

const dayMs = 24 * 3600 * 1000;

export function presenceText(view: PresenceView, locale: Locale, now: number = Date.now()): string {
  if (view.typing) return message(locale, 'presence.typing');
  if (view.online) return message(locale, 'presence.online');
  if (view.seen === null) return '';
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(
    view.seen,
  );
  const day = (at: number) => new Date(at).toDateString();
  if (day(view.seen) === day(now)) return message(locale, 'presence.seenToday', { time });
  if (day(view.seen) === day(now - dayMs))
    return message(locale, 'presence.seenYesterday', { time });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(
    view.seen,
  );
  return message(locale, 'presence.seenOn', { date, time });
}
