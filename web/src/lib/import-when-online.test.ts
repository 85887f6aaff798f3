import { describe, expect, it } from 'vitest';
import { importWhenOnline, type Connectivity } from './import-when-online.ts';

/** A browser whose connectivity the test switches, announcing 'online' as browsers do. */
class FakeBrowser extends EventTarget implements Connectivity {
  onLine = true;
  goOnline(): void {
    this.onLine = true;
    this.dispatchEvent(new Event('online'));
  }
}

/** A chunk that fails while the fake browser is offline. */
function chunk(host: FakeBrowser) {
  const calls = { count: 0 };
  const load = async () => {
    calls.count++;
    if (!host.onLine) throw new TypeError('Failed to fetch dynamically imported module');
    return { loaded: true };
  };
  return { calls, load };
}

describe('importWhenOnline', () => {
  it('loads at once when online', async () => {
    const host = new FakeBrowser();
    const { calls, load } = chunk(host);
    await expect(importWhenOnline(load, host)).resolves.toEqual({ loaded: true });
    expect(calls.count).toBe(1);
  });

  it('waits for the browser to come back online, then loads', async () => {
    const host = new FakeBrowser();
    host.onLine = false;
    const { calls, load } = chunk(host);
    let settled = false;
    const loading = importWhenOnline(load, host).finally(() => (settled = true));
    // Drain the failed attempt: the promise waits for 'online', trying nothing more meanwhile.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(settled).toBe(false);
    expect(calls.count).toBe(1);
    host.goOnline();
    await expect(loading).resolves.toEqual({ loaded: true });
    expect(calls.count).toBe(2);
  });

  it('tries once more at once when it failed although online, then gives up', async () => {
    const host = new FakeBrowser();
    let calls = 0;
    const broken = async () => {
      calls++;
      throw new Error('404');
    };
    await expect(importWhenOnline(broken, host)).rejects.toThrow('404');
    expect(calls).toBe(2);
  });

  it('loads when the network came back between the failure and the check', async () => {
    const host = new FakeBrowser();
    let calls = 0;
    const flaky = async () => {
      if (calls++ === 0) throw new TypeError('Failed to fetch dynamically imported module');
      return 'engine';
    };
    await expect(importWhenOnline(flaky, host)).resolves.toBe('engine');
  });
});
