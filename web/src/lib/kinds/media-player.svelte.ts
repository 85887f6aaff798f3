/**
 * The app's one audio player. Voice notes and audio files play through a single `<audio>` element
 * that belongs to no message row: the message list is virtualised (virtua unmounts rows scrolled
 * away), so a note keeps playing while the list scrolls, and starting another stops the first.
 * Rows only read its state and call its methods. A note sought before it plays (the keyboard on
 * its slider) starts there; one that cannot play says why (media-controls.ts) instead of leaving
 * its button on Pause.
 */
import { tryPlay, playFailure, type PlayFailure } from './media-controls.ts';

export const playbackRates = [1, 1.5, 2] as const;
export type PlaybackRate = (typeof playbackRates)[number];

class MediaPlayer {
  /** The media id playing or paused, or null. */
  current = $state<string | null>(null);
  playing = $state(false);
  /** Seconds. */
  position = $state(0);
  rate = $state<PlaybackRate>(1);
  /** Why the last try to play `media` failed (an abort is no failure), until it is tried again. */
  failure = $state<{ media: string; reason: PlayFailure } | null>(null);
  /** Where notes not loaded start when played (seconds): sought before playing, or left paused. */
  private cues = $state<Record<string, number>>({});
  private element: HTMLAudioElement | null = null;

  private audio(): HTMLAudioElement {
    if (this.element) return this.element;
    const audio = new Audio();
    audio.preload = 'auto';
    audio.dataset['soukPlayer'] = '';
    audio.addEventListener('play', () => (this.playing = true));
    audio.addEventListener('pause', () => (this.playing = false));
    audio.addEventListener('timeupdate', () => (this.position = audio.currentTime));
    // The end stays shown (the slider at its end); playing again starts from the beginning.
    audio.addEventListener('ended', () => (this.playing = false));
    // Lost while playing (the network went, the file is not kept): said like a refused play().
    audio.addEventListener('error', () => {
      this.playing = false;
      if (this.current) this.fail(this.current, audio.error);
    });
    // Tests and the looks gallery read the element's state from the page.
    (globalThis as { soukPlayer?: HTMLAudioElement }).soukPlayer = audio;
    this.element = audio;
    return audio;
  }

  private fail(media: string, error: unknown) {
    const reason = playFailure(error, navigator.onLine);
    if (reason) this.failure = { media, reason };
  }

  /** Where `media` is (seconds): playing or paused in the player, or where it will start. */
  positionOf(media: string): number {
    return this.current === media ? this.position : (this.cues[media] ?? 0);
  }

  /**
   * Plays `media` (from where it was paused or sought), or pauses it if it is playing. Never
   * rejects: a refused play leaves the button on Play and `failure` saying why.
   */
  async toggle(media: string, durationS = Infinity): Promise<void> {
    const audio = this.audio();
    if (this.current === media && this.playing) return audio.pause();
    this.failure = null;
    // A file that failed to load is asked for again (online now, say): the element keeps its error.
    if (this.current !== media || audio.error) {
      if (this.current && this.current !== media && !audio.ended)
        this.cues[this.current] = this.position;
      const cued = this.current === media ? this.position : (this.cues[media] ?? 0);
      const start = cued < durationS ? cued : 0;
      delete this.cues[media];
      audio.src = `/media/${media}`;
      this.current = media;
      this.position = start;
      audio.currentTime = start;
    }
    audio.playbackRate = this.rate;
    const failed = await tryPlay(audio, () => navigator.onLine);
    if (this.current !== media) return;
    if (audio.paused || failed) this.playing = false;
    if (failed) this.failure = { media, reason: failed };
  }

  /** 1× → 1.5× → 2× → 1×, for whatever plays now and after. */
  nextRate(): void {
    const at = playbackRates.indexOf(this.rate);
    this.rate = playbackRates[(at + 1) % playbackRates.length]!;
    if (this.element) this.element.playbackRate = this.rate;
  }

  /**
   * Moves `media` to `seconds` (the message's duration tells where: a recorded WebM states none
   * of its own): at once if it is the one loaded, else where it will start.
   */
  seek(media: string, seconds: number): void {
    const at = Math.max(0, seconds);
    const audio = this.element;
    if (!audio || this.current !== media) {
      this.cues[media] = at;
      return;
    }
    audio.currentTime = at;
    this.position = at;
  }
}

export const player = new MediaPlayer();
