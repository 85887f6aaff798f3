/**
 * The player's keys and its failed plays: where each key moves the seek slider (clamped to the
 * note, mirrored right to left), and what each rejection of `play()` becomes — never a rejection
 * of its own, nothing said for an abort.
 */
import { describe, expect, it } from 'vitest';
import { playFailure, seekTarget, tryPlay } from './media-controls.ts';

describe('seeking by keyboard', () => {
  it('moves by 5 s with the arrows, 15 s with Page Up and Down, to the ends with Home and End', () => {
    expect(seekTarget('ArrowRight', 12, 45)).toBe(17);
    expect(seekTarget('ArrowUp', 12, 45)).toBe(17);
    expect(seekTarget('ArrowLeft', 12, 45)).toBe(7);
    expect(seekTarget('ArrowDown', 12, 45)).toBe(7);
    expect(seekTarget('PageUp', 12, 45)).toBe(27);
    expect(seekTarget('PageDown', 20, 45)).toBe(5);
    expect(seekTarget('Home', 12, 45)).toBe(0);
    expect(seekTarget('End', 12, 45)).toBe(45);
  });

  it('stays within the note', () => {
    expect(seekTarget('ArrowRight', 43, 45)).toBe(45);
    expect(seekTarget('ArrowLeft', 2, 45)).toBe(0);
    expect(seekTarget('PageUp', 40, 45)).toBe(45);
    expect(seekTarget('PageDown', 10, 45)).toBe(0);
  });

  it('swaps Right and Left in a right-to-left page', () => {
    expect(seekTarget('ArrowLeft', 12, 45, true)).toBe(17);
    expect(seekTarget('ArrowRight', 12, 45, true)).toBe(7);
    expect(seekTarget('ArrowUp', 12, 45, true)).toBe(17);
  });

  it('leaves every other key alone (Tab moves on, Space and Enter are the page’s)', () => {
    for (const key of ['Tab', ' ', 'Enter', 'a', 'Escape'])
      expect(seekTarget(key, 12, 45)).toBe(null);
  });
});

const rejecting = (name: string) => ({
  play: () => Promise.reject(new DOMException('refused', name)),
});

describe('a play that fails', () => {
  it('says nothing for an abort (paused or switched before it began)', () => {
    expect(playFailure(new DOMException('paused', 'AbortError'), true)).toBe(null);
  });

  it('names a play the browser did not allow', () => {
    expect(playFailure(new DOMException('gesture', 'NotAllowedError'), false)).toBe('blocked');
  });

  it('tells a file not kept offline from one this browser cannot read', () => {
    const unsupported = new DOMException('no source', 'NotSupportedError');
    expect(playFailure(unsupported, false)).toBe('offline');
    expect(playFailure(unsupported, true)).toBe('unsupported');
    // A MediaError of the element's `error` event is no exception: the same by the network.
    expect(playFailure({ code: 4 }, false)).toBe('offline');
  });

  it('resolves with the failure instead of rejecting', async () => {
    const online = () => true;
    await expect(tryPlay(rejecting('NotAllowedError'), online)).resolves.toBe('blocked');
    await expect(tryPlay(rejecting('AbortError'), online)).resolves.toBe(null);
    await expect(tryPlay(rejecting('NotSupportedError'), () => false)).resolves.toBe('offline');
    await expect(tryPlay({ play: () => Promise.resolve() }, online)).resolves.toBe(null);
  });
});
