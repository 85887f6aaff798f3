/** Opening hours as a shop types them: one line per weekday, "09:00-14:00, 17:00-20:00". */
import { weekdays, type OpeningHours, type Weekday } from '@souk/sync';

export type HoursText = Record<Weekday, string>;

export function hoursToText(hours: OpeningHours | undefined): HoursText {
  return Object.fromEntries(
    weekdays.map((day) => [day, (hours?.[day] ?? []).join(', ')]),
  ) as HoursText;
}

/** Empty days are closed; the result still goes through the shared schema before it is written. */
export function textToHours(timezone: string, text: HoursText): OpeningHours {
  const hours: OpeningHours = { timezone };
  for (const day of weekdays) {
    const intervals = text[day]
      .split(',')
      .map((part) => part.trim().replace(/\s*[–—-]\s*/, '-'))
      .filter(Boolean);
    if (intervals.length > 0) hours[day] = intervals;
  }
  return hours;
}
