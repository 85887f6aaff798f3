/**
 * The person's choices and chat controls (pin, mute, archive, unread) as the screens read them,
 * from their preferences document (the personal app's). The personal app also keeps a copy on the
 * device and ends timed mutes on time (cached-choices.ts), a module the business app never
 * loads.
 */
import type { ChatControls, Preferences } from '@souk/sync';

export class Choices {
  /** null until known (a missing choice means its default). Replaced whole, never changed in place. */
  prefs = $state.raw<Preferences | null>(null);
  controls = $state.raw<Map<string, ChatControls>>(new Map());
  /** The time the controls are read at: moves when a mute ends. */
  now = $state(Date.now());
  /** The device's copy (personal app), told of every change. */
  keeper: { changed(who: string): void } | null = null;

  /** What the preferences document says now. */
  update(who: string, change: { prefs?: Preferences; controls?: Map<string, ChatControls> }): void {
    if (change.prefs) this.prefs = change.prefs;
    if (change.controls) {
      this.controls = change.controls;
      this.now = Date.now();
    }
    this.keeper?.changed(who);
  }
}
