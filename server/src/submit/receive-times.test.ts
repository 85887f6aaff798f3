import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendText, conversationParts, platformActor, validateUpdate } from '@souk/sync';
import { receiveTimeStamp } from './receive-times.ts';

describe('receive-time stamps', () => {
  it('set each new message’s time in `received`, continue their client’s clock, pass as the platform', () => {
    const stamp = receiveTimeStamp(new Uint8Array(32).fill(7));
    const doc = new Y.Doc();
    const one = appendText(doc, 'u_a', 'one', 1);
    const two = appendText(doc, 'u_a', 'two', 2);
    const first = stamp('conv:c1', doc, [one.id], 1000);
    const ok = (update: Uint8Array) =>
      validateUpdate(doc, update, {
        name: { kind: 'conv', id: 'c1', epoch: 0 },
        actor: platformActor,
        now: 1000,
        ownerOf: () => undefined,
      });
    expect(ok(first)).toMatchObject({ ok: true });
    Y.applyUpdate(doc, first);
    const second = stamp('conv:c1', doc, [two.id], 2000);
    expect(ok(second)).toMatchObject({ ok: true });
    Y.applyUpdate(doc, second);
    expect(conversationParts(doc).received.toJSON()).toEqual({ [one.id]: 1000, [two.id]: 2000 });
    // One client per document, not guessable from another document's.
    const client = (update: Uint8Array) => Y.decodeUpdate(update).structs[0]!.id.client;
    expect(client(first)).toBe(client(second));
    expect(client(stamp('conv:c2', new Y.Doc(), [one.id], 1))).not.toBe(client(first));
  });
});
