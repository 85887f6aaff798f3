import { describe, expect, it } from 'vitest';
import {
  readAwarenessEntries,
  writeAwarenessEntries,
  type AwarenessEntry,
} from './awareness-entries.ts';
import { YjsRoom, type RoomSocket } from './yjs-room.ts';
import { AwarenessBudget } from './yjs-awareness-budget.ts';
import { readYjsMessage } from './yjs-messages.ts';

/** A socket that keeps the awareness entries relayed to it. */
function socket(identity: string): RoomSocket & { got: AwarenessEntry[] } {
  const got: AwarenessEntry[] = [];
  return {
    identity,
    got,
    sendFrame(frame) {
      const message = readYjsMessage(frame);
      if (message?.type === 'awareness') got.push(...readAwarenessEntries(message.update)!);
    },
  };
}

const entry = (clientId: number, state: unknown = { name: 'x' }, clock = 1): AwarenessEntry => ({
  clientId,
  clock,
  state: JSON.stringify(state),
});

describe('awareness in a y-websocket room', () => {
  const bound = new Map([[10, 'bob']]);
  const room = () =>
    new YjsRoom<ReturnType<typeof socket>>('conv:a', async (_doc, id) => bound.get(id) ?? null, 2);

  it('drops entries for a client id bound to another identity, relays the rest', async () => {
    const r = room();
    const alice = socket('alice');
    const bob = socket('bob');
    r.sockets.add(alice).add(bob);
    expect(await r.announce(alice, [entry(10), entry(20)])).toBe(1);
    expect(bob.got.map((e) => e.clientId)).toEqual([20]);
    expect(await r.announce(bob, [entry(10)])).toBe(0);
  });

  it('keeps a client id to the identity that announced it first, and at most maxClients per socket', async () => {
    const r = room();
    const alice = socket('alice');
    const aliceTab = socket('alice');
    const carol = socket('carol');
    r.sockets.add(alice).add(aliceTab).add(carol);
    await r.announce(alice, [entry(30), entry(31)]);
    expect(await r.announce(carol, [entry(30, { name: 'not alice' }, 2)])).toBe(1);
    expect(await r.announce(aliceTab, [entry(30, { name: 'alice' }, 2)])).toBe(0);
    // 30 is now the other tab's: this socket holds 31, so one more, then no more.
    expect(await r.announce(alice, [entry(32)])).toBe(0);
    expect(await r.announce(alice, [entry(33)])).toBe(1);
  });

  it('tells the others when a socket leaves, and holds nothing of it after', async () => {
    const r = room();
    const alice = socket('alice');
    const bob = socket('bob');
    r.sockets.add(alice).add(bob);
    await r.announce(alice, [entry(40, { name: 'a' }, 5)]);
    r.leave(alice);
    expect(bob.got.at(-1)).toEqual({ clientId: 40, clock: 6, state: 'null' });
    expect(r.current()).toBeNull();
  });

  it('reads entries strictly: trailing bytes or a state that is not JSON are malformed', () => {
    const update = writeAwarenessEntries([entry(1)]);
    expect(readAwarenessEntries(update)).toEqual([entry(1)]);
    expect(readAwarenessEntries(new Uint8Array([...update, 0]))).toBeNull();
    expect(
      readAwarenessEntries(writeAwarenessEntries([{ clientId: 1, clock: 1, state: '{' }])),
    ).toBeNull();
  });
});

describe('the awareness budget', () => {
  it('drops oversized and over-rate updates, closes a flood, and starts over each window', () => {
    let now = 0;
    const budget = new AwarenessBudget(
      { maxBytes: 100, perWindow: 2, windowMs: 1000, closeAt: 4, maxClients: 1 },
      () => now,
    );
    expect(budget.take(101)).toBe('drop');
    expect(budget.take(10)).toBe('ok');
    expect(budget.take(10)).toBe('drop');
    expect(budget.take(10)).toBe('close');
    now = 1000;
    expect(budget.take(10)).toBe('ok');
  });
});
