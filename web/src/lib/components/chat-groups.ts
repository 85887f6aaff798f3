/**
 * How a chat reads: a date line where the day changes ("Today", "Yesterday", then dates in the
 * reader's locale), and a message's time and tail shown only on the last of a run of messages from
 * the same sender within the same minute. Pure, so it is tested without a browser.
 */
import type { TimelineItem } from '../unsent/timeline.ts';

export type Placed = TimelineItem & {
  /** Set on the first item of a new day: that day's label. */
  day: string | null;
  /** The first of its sender's run (the bubble gets a tail and a gap above it). */
  first: boolean;
  /** The last of its sender's run (the bubble shows its time). */
  last: boolean;
};

type Facts = { at: number; sender: string };

function facts(item: TimelineItem): Facts {
  if (item.kind === 'unsent') return { at: item.row.message.at, sender: 'me' };
  if (item.kind === 'outbox') return { at: item.row.at, sender: 'me' };
  const row = item.row;
  return { at: row.at, sender: row.system ? 'system' : row.mine ? 'me' : row.author };
}

const dayKey = (at: number) => new Date(at).toDateString();
const minuteKey = (at: number) => Math.floor(at / 60_000);

export type DayWords = { today: string; yesterday: string; locale: string };

/** "Today", "Yesterday", a weekday within the week, else a date (with the year when not this one). */
export function dayLabel(at: number, now: number, words: DayWords): string {
  const startOf = (t: number) => new Date(new Date(t).toDateString()).getTime();
  const days = Math.round((startOf(now) - startOf(at)) / 86_400_000);
  if (days === 0) return words.today;
  if (days === 1) return words.yesterday;
  const date = new Date(at);
  const options: Intl.DateTimeFormatOptions =
    days > 1 && days < 7
      ? { weekday: 'long' }
      : date.getFullYear() === new Date(now).getFullYear()
        ? { day: 'numeric', month: 'long' }
        : { day: 'numeric', month: 'long', year: 'numeric' };
  return new Intl.DateTimeFormat(words.locale, options).format(date);
}

export function placeInChat(items: TimelineItem[], now: number, words: DayWords): Placed[] {
  const all = items.map(facts);
  return items.map((item, i) => {
    const here = all[i]!;
    const before = all[i - 1];
    const after = all[i + 1];
    const newDay = !before || dayKey(before.at) !== dayKey(here.at);
    const sameRun = (other: Facts | undefined) =>
      other !== undefined &&
      other.sender === here.sender &&
      here.sender !== 'system' &&
      minuteKey(other.at) === minuteKey(here.at) &&
      dayKey(other.at) === dayKey(here.at);
    return {
      ...item,
      day: newDay ? dayLabel(here.at, now, words) : null,
      first: newDay || !sameRun(before),
      last: !sameRun(after),
    };
  });
}
