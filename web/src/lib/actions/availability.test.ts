import { describe, expect, it } from 'vitest';
import { limits } from '@souk/sync';
import { availableActions, quickReactions, type ActionRow } from './availability.ts';

const at = 1_000_000;
const mineText: ActionRow = { mine: true, at, text: 'hola', tick: 'stored', receivedAt: at };
const theirs: ActionRow = { mine: false, at, text: 'hola', tick: null };

describe('availableActions', () => {
  it('offers everything on one\u2019s own text message just sent', () => {
    expect(availableActions(mineText, at + 1000)).toEqual([
      'reply',
      'react',
      'copy',
      'forward',
      'edit',
      'delete',
      'info',
    ]);
  });

  it('offers delete for me on any message where the person has preferences', () => {
    expect(availableActions(theirs, at, { hideForMe: true })).toEqual([
      'reply',
      'react',
      'copy',
      'forward',
      'deleteForMe',
    ]);
    expect(availableActions(mineText, at, { hideForMe: true }).at(-2)).toBe('deleteForMe');
  });

  it('never offers edit, delete for everyone or info on someone else\u2019s message', () => {
    expect(availableActions(theirs, at)).toEqual(['reply', 'react', 'copy', 'forward']);
  });

  it('closes edit after 15 minutes and delete for everyone after 48 hours (of the receive time)', () => {
    expect(availableActions(mineText, at + limits.editWindowMs)).toContain('edit');
    expect(availableActions(mineText, at + limits.editWindowMs + 1)).not.toContain('edit');
    expect(availableActions(mineText, at + limits.deleteForEveryoneMs)).toContain('delete');
    expect(availableActions(mineText, at + limits.deleteForEveryoneMs + 1)).not.toContain('delete');
    // The window counts from when the server received it, not the author's clock.
    const late = { ...mineText, at: at - limits.editWindowMs * 2 };
    expect(availableActions(late, at + 1000)).toContain('edit');
  });

  it('offers no edit or delete while one\u2019s message has not reached the server', () => {
    const pending = availableActions({ ...mineText, tick: 'pending', receivedAt: undefined }, at);
    expect(pending).not.toContain('edit');
    expect(pending).not.toContain('delete');
    expect(pending).toContain('reply');
  });

  it('edits text only; forwards every kind (media is uploaded again or shared into the chat)', () => {
    const photo = { ...mineText, image: { url: 'u', thumb: 't', width: 1, height: 1 } };
    expect(availableActions(photo, at)).not.toContain('edit');
    expect(availableActions(photo, at)).toContain('forward');
    expect(availableActions({ ...photo, text: '' }, at)).not.toContain('copy');
    const voice = {
      ...mineText,
      everyday: {
        id: 'voice-0001',
        author: 'u_me',
        n: 2,
        at,
        kind: 'voice',
        media: 'AAAAAAAAAAAA',
        mime: 'audio/ogg',
        size: 10,
        durationMs: 1000,
        waveform: [],
      },
    } satisfies ActionRow;
    expect(availableActions(voice, at)).toContain('forward');
    expect(availableActions(voice, at)).not.toContain('edit');
  });

  it('offers nothing on a deleted or a platform message', () => {
    expect(availableActions({ ...mineText, deleted: true }, at)).toEqual([]);
    expect(availableActions({ ...theirs, system: true }, at)).toEqual([]);
  });

  it('has a short fixed row of reactions, each a distinct emoji the rules accept', () => {
    expect(quickReactions).toHaveLength(6);
    expect(new Set(quickReactions.map((r) => r.emoji)).size).toBe(6);
  });
});
