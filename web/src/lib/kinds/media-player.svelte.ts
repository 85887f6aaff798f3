/**
 * The app's one audio player. Voice notes and audio files play through a single `<audio>` element
 * that belongs to no message row: the message list is virtualised (virtua unmounts rows scrolled
 * away), so a note keeps playing while the list scrolls, and starting another stops the first.
 * Rows only read its state and call its methods.
 */
export const playbackRates = [1, 1.5, 2] as const;
export type PlaybackRate = (typeof playbackRates)[number];

class MediaPlayer {
  /** The media id playing or paused, or null. */
  current = $state<string | null>(null);
  playing = $state(false);
  /** Seconds. */
  position = $state(0);
  rate = $state<PlaybackRate>(1);
  private element: HTMLAudioElement | null = null;

  private audio(): HTMLAudioElement {
    if (this.element) return this.element;
    const audio = new Audio();
    audio.preload = 'auto';
    audio.dataset['soukPlayer'] = '';
    audio.addEventListener('play', () => (this.playing = true));
    audio.addEventListener('pause', () => (this.playing = false));
    audio.addEventListener('timeupdate', () => (this.position = audio.currentTime));
    audio.addEventListener('ended', () => {
      this.playing = false;
      this.position = 0;
      this.current = null;
    });
    // Tests and the looks gallery read the element's state from the page.
    (globalThis as { soukPlayer?: HTMLAudioElement }).soukPlayer = audio;
    this.element = audio;
    return audio;
  }

  /** Plays `media` (from where it was paused), or pauses it if it is playing. */
  async toggle(media: string): Promise<void> {
    const audio = this.audio();
    if (this.current === media && this.playing) return audio.pause();
    if (this.current !== media) {
      audio.src = `/media/${media}`;
      this.current = media;
      this.position = 0;
    }
    audio.playbackRate = this.rate;
    await audio.play();
  }

  /** 1× → 1.5× → 2× → 1×, for whatever plays now and after. */
  nextRate(): void {
    const at = playbackRates.indexOf(this.rate);
    this.rate = playbackRates[(at + 1) % playbackRates.length]!;
    if (this.element) this.element.playbackRate = this.rate;
  }

  /**
   * Jumps to `seconds` into `media` if it is the one loaded (the message's duration tells where:
   * a recorded WebM states none of its own).
   */
  seek(media: string, seconds: number): void {
    const audio = this.element;
    if (!audio || this.current !== media) return;
    audio.currentTime = Math.max(0, seconds);
  }
}

export const player = new MediaPlayer();
