import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwarenessEntry } from '@souk/sync';
import {
  maxPayloadBytes,
  readEnvelope,
  type PresenceBus,
  type PresenceEnvelope,
  type PresenceMessage,
} from './presence-bus.ts';
import { RemotePresence } from './presence-remote.ts';

const timeoutMs = 3000;

function fakeBus() {
  const sent: PresenceMessage[] = [];
  let listener: (envelope: PresenceEnvelope) => void = () => {};
  const bus: PresenceBus = {
    processId: 'here',
    publish: (message) => void sent.push(message),
    subscribe: (l) => ((listener = l), () => {}),
    close: async () => {},
  };
  const hear = async (from: string, message: PresenceMessage) => {
    listener({ from, at: Date.now(), message });
    await vi.advanceTimersByTimeAsync(0);
  };
  return { bus, sent, hear };
}

function started(local: string[] = []) {
  const { bus, sent, hear } = fakeBus();
  const remote = new RemotePresence(bus, timeoutMs);
  const changes: [string, boolean, number][] = [];
  const relayed: [string, string, AwarenessEntry[]][] = [];
  remote.start({
    entries: async (doc, who, entries) => void relayed.push([doc, who, entries]),
    changed: async (id, online, at) => void changes.push([id, online, at]),
    local: () => local,
  });
  return { remote, sent, hear, changes, relayed };
}

const typing = (clientId: number, clock = 1): AwarenessEntry => ({
  clientId,
  clock,
  state: '{"who":"u_a","typing":true}',
});

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('RemotePresence', () => {
  it('is online while any other process holds the identity, offline when none does', async () => {
    const { remote, hear, changes } = started();
    await hear('p1', { kind: 'online', ids: ['u_a'] });
    await hear('p2', { kind: 'online', ids: ['u_a'] });
    await hear('p1', { kind: 'offline', who: 'u_a' });
    expect(remote.online('u_a')).toBe(true);
    const leftAt = Date.now();
    await hear('p2', { kind: 'offline', who: 'u_a' });
    expect(remote.online('u_a')).toBe(false);
    expect(changes).toEqual([
      ['u_a', true, expect.any(Number)],
      ['u_a', false, leftAt],
    ]);
  });

  it("expires a silent process's people and entries, last seen at its last renewal", async () => {
    const { remote, hear, changes, relayed } = started();
    await hear('p1', { kind: 'online', ids: ['u_a'] });
    await hear('p1', { kind: 'entries', doc: 'conv:c', who: 'u_a', entries: [typing(900)] });
    await vi.advanceTimersByTimeAsync(timeoutMs - 500);
    const renewedAt = Date.now();
    // The process renews its people: the entry lives on though its client did not renew it.
    await hear('p1', { kind: 'online', ids: ['u_a'] });
    await vi.advanceTimersByTimeAsync(timeoutMs - 500);
    expect(remote.online('u_a')).toBe(true);
    expect(remote.holder('conv:c', 900)).toBe('u_a');
    // Then it dies.
    await vi.advanceTimersByTimeAsync(timeoutMs);
    expect(remote.online('u_a')).toBe(false);
    expect(changes.at(-1)).toEqual(['u_a', false, renewedAt]);
    expect(remote.holder('conv:c', 900)).toBeUndefined();
    expect(relayed.at(-1)).toEqual(['conv:c', 'u_a', [{ clientId: 900, clock: 2, state: 'null' }]]);
  });

  it('tells the others its people left when it shuts down, and then nothing more', async () => {
    const { remote, sent } = started(['u_a', 'u_b']);
    await remote.close();
    remote.publishLocal('u_a', true);
    expect(sent.slice(1)).toEqual([
      { kind: 'offline', who: 'u_a' },
      { kind: 'offline', who: 'u_b' },
    ]);
  });

  it('drops what a process said of a person once it says they left', async () => {
    const { hear, relayed, remote } = started();
    await hear('p1', { kind: 'online', ids: ['u_a'] });
    await hear('p1', { kind: 'entries', doc: 'conv:c', who: 'u_a', entries: [typing(900, 4)] });
    await hear('p1', { kind: 'offline', who: 'u_a' });
    expect(remote.holder('conv:c', 900)).toBeUndefined();
    expect(relayed.at(-1)).toEqual(['conv:c', 'u_a', [{ clientId: 900, clock: 5, state: 'null' }]]);
  });

  it('answers a new process at once, in notifications that fit', async () => {
    const many = Array.from({ length: 600 }, (_, i) => `u_${String(i).padStart(16, '0')}`);
    const { hear, sent } = started(many);
    expect(sent).toEqual([{ kind: 'hello' }]);
    await hear('p2', { kind: 'hello' });
    const ids = sent.flatMap((m) => (m.kind === 'online' ? m.ids : []));
    expect(ids).toEqual(many);
    expect(sent.length).toBeGreaterThan(2);
    for (const m of sent) expect(JSON.stringify(m).length).toBeLessThan(maxPayloadBytes - 100);
  });
});

describe('readEnvelope', () => {
  it('reads what a process sends and nothing else', () => {
    const ok = { from: 'p', at: 1, message: { kind: 'entries', doc: 'd', who: 'w', entries: [] } };
    expect(readEnvelope(JSON.stringify(ok))).toEqual(ok);
    for (const bad of [
      'not json',
      'null',
      JSON.stringify({ ...ok, at: -1 }),
      JSON.stringify({ ...ok, message: { kind: 'online', ids: [1] } }),
      JSON.stringify({ ...ok, message: { kind: 'entries', doc: 'd', who: 'w', entries: [{}] } }),
      JSON.stringify({ ...ok, message: { kind: 'other' } }),
    ])
      expect(readEnvelope(bad)).toBeNull();
  });
});
