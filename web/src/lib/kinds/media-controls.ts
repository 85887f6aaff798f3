/**
 * The player's two pieces of plain logic, apart from its runes so they are tested alone: where a
 * key moves the seek slider to, and what a failed `play()` means. `play()` returns a promise that
 * rejects: NotAllowedError (the browser wants a gesture), AbortError (paused or switched before it
 * began: on purpose, nothing to say), NotSupportedError (the file cannot be read: offline and not
 * kept, or a format this browser lacks). The card says why, in words, unless it was an abort.
 */

/** Seconds an arrow key moves; Page Up and Page Down move three times as far. */
export const seekStep = 5;

/**
 * Where `key` moves a slider at `at` seconds of `duration` (null: a key it does not take). Right
 * and Up go forwards, Left and Down back; in a right-to-left page Right and Left swap, as the
 * waveform does.
 */
export function seekTarget(key: string, at: number, duration: number, rtl = false): number | null {
  const clamp = (s: number) => Math.min(duration, Math.max(0, s));
  const forwards = rtl ? 'ArrowLeft' : 'ArrowRight';
  const backwards = rtl ? 'ArrowRight' : 'ArrowLeft';
  switch (key) {
    case forwards:
    case 'ArrowUp':
      return clamp(at + seekStep);
    case backwards:
    case 'ArrowDown':
      return clamp(at - seekStep);
    case 'PageUp':
      return clamp(at + 3 * seekStep);
    case 'PageDown':
      return clamp(at - 3 * seekStep);
    case 'Home':
      return 0;
    case 'End':
      return duration;
    default:
      return null;
  }
}

/** Why a file did not play, as the card says it. */
export type PlayFailure = 'blocked' | 'offline' | 'unsupported';

/** What a rejection of `play()` (or an `error` of the element) means; null for an abort. */
export function playFailure(error: unknown, online: boolean): PlayFailure | null {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'AbortError') return null;
  if (name === 'NotAllowedError') return 'blocked';
  return online ? 'unsupported' : 'offline';
}

/** Plays `media`; resolves to why it does not play (null: it plays, or was stopped on purpose). */
export async function tryPlay(
  media: Pick<HTMLMediaElement, 'play'>,
  online: () => boolean,
): Promise<PlayFailure | null> {
  try {
    await media.play();
    return null;
  } catch (error) {
    return playFailure(error, online());
  }
}
