/**
 * The personal app's copy of the person's choices and chat controls on the device, so the chat list
 * opens in its order at first paint, offline too, without the sync engine; and the end of each
 * timed mute (8 hours, a week): `now` moves when the next one ends, and whatever reads it (the
 * chat list's order and counts) is worked out again. Loaded by AppState.init in the personal app
 * only, apart from the business app's first screen.
 */
import { nextMuteEnd, type ChatControls, type Preferences } from '@souk/sync';
import type { Choices } from './choices.svelte.ts';
import type { DeviceMeta } from './device-meta.ts';

const cacheKey = 'choices';
/** setTimeout's longest delay (about 24.8 days); a later end is waited for in steps. */
const maxDelay = 2 ** 31 - 1;

interface Cached {
  who: string;
  prefs: Preferences | null;
  controls: [string, ChatControls][];
}

export class CachedChoices {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly meta: DeviceMeta,
    private readonly choices: Choices,
  ) {
    choices.keeper = this;
  }

  /** The copy kept on the device for `who`, if any (before the first screen). */
  async restore(who: string): Promise<void> {
    const cached = await this.meta.get<Cached>(cacheKey);
    if (cached?.who !== who) return;
    this.choices.prefs ??= cached.prefs;
    if (this.choices.controls.size > 0) return;
    this.choices.controls = new Map(cached.controls);
    this.choices.now = Date.now();
    this.schedule();
  }

  /** Kept for the next start; the next mute's end waited for. */
  changed(who: string): void {
    const { prefs, controls } = this.choices;
    // Plain values (the choices are raw state): IndexedDB stores them as they are.
    const value: Cached = { who, prefs, controls: [...controls] };
    void this.meta.put(cacheKey, value);
    this.schedule();
  }

  /** Wakes up when the next timed mute ends. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const end = nextMuteEnd(this.choices.controls, this.choices.now);
    if (end === null) return;
    const delay = Math.min(end - this.choices.now, maxDelay);
    this.timer = setTimeout(() => {
      this.choices.now = Date.now();
      this.schedule();
    }, delay + 1);
  }
}
