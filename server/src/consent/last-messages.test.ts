import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendSystem, appendText } from '@souk/sync';
import { LocalHub } from '../sync/hub.ts';
import { LastMessages } from './last-messages.ts';

const now = 1_700_000_000_000;

describe('LastMessages', () => {
  it('reads a conversation once, then follows committed updates of any of its epochs', async () => {
    const hub = new LocalHub();
    const last = new LastMessages(hub);
    const head = new Y.Doc();
    appendText(head, 'u_ana', 'hi', now - 5000);
    appendText(head, 'b_shop', 'hello', now - 4000);
    let reads = 0;
    const read = async () => (reads++, [head]);

    expect(await last.lastAt('conv:c1', 'u_ana', read)).toBe(now - 5000);
    expect(await last.lastAt('conv:c1', 'u_nobody', read)).toBeNull();
    expect(reads).toBe(1);

    const epoch = new Y.Doc();
    appendText(epoch, 'u_ana', 'later', now - 1000);
    appendSystem(epoch, 'opted_out', 'You opted out.', now);
    hub.publish({ doc: 'conv:c1~1', seq: 1, update: Y.encodeStateAsUpdate(epoch) });
    expect(await last.lastAt('conv:c1~1', 'u_ana', read)).toBe(now - 1000);
    expect(await last.lastAt('conv:c1', 'platform', read)).toBeNull();
    expect(reads).toBe(1);
    last.close();
  });

  it('refresh merges a newer copy (another process committed), times never go back', async () => {
    const last = new LastMessages(new LocalHub());
    const stale = new Y.Doc();
    appendText(stale, 'u_ana', 'old', now - 90_000);
    expect(await last.lastAt('conv:c2', 'u_ana', async () => [stale])).toBe(now - 90_000);
    const fresh = new Y.Doc();
    appendText(fresh, 'u_ana', 'new', now);
    expect(await last.refresh('conv:c2', 'u_ana', async () => [fresh])).toBe(now);
    expect(await last.refresh('conv:c2', 'u_ana', async () => [stale])).toBe(now);
  });
});
