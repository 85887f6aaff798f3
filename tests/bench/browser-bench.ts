/**
 * What the benchmarks in real Chromium share: a server in memory and a quiet Chromium around the
 * run, a signed-in browser context, and rows written straight into the device's IndexedDB
 * (`souk-personal`), as the app would have projected them, to seed a full device fast.
 */
import { writeFile } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLogger, loadConfig, startServer, type RunningServer } from '@souk/server';
import { chromiumLaunchOptions } from '../support/chromium.ts';
import { signIn, type SignedIn } from '../support/people.ts';

/** Lets a benchmark read the server's own counters (`/metrics`), e.g. its commits. */
export const metricsToken = 'bench-metrics-token-0123456789abcdef';

/** A counter of the server's `/metrics` (summed over its labels). */
export async function serverCounter(server: RunningServer, name: string): Promise<number> {
  const text = await (
    await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
  ).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** Runs `body` against a fresh in-memory server and Chromium, and closes both after it. */
export async function withServerAndBrowser<R>(
  body: (server: RunningServer, browser: Browser) => Promise<R>,
  /** The server's settings over the defaults (a data directory the benchmark prepared). */
  env: Record<string, string> = {},
): Promise<R> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    SOUK_METRICS_TOKEN: metricsToken,
    ...env,
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    return await body(server, browser);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A new browser context carrying `person`'s session cookie for `url` (signed out for null). */
export async function contextFor(
  browser: Browser,
  url: string,
  person: SignedIn | null,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  if (person) {
    const [name, value] = person.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url }]);
  }
  return context;
}

/**
 * A device: `phone` signed in, in its own context, the app opened once and ready on `page`;
 * `installed` also waits for the service worker, so the app opens offline afterwards.
 */
export async function signedInDevice(
  server: RunningServer,
  browser: Browser,
  phone: string,
  { installed = false } = {},
): Promise<{ person: SignedIn; context: BrowserContext; page: Page }> {
  const person = await signIn(server.url, phone);
  const context = await contextFor(browser, server.url, person);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('html[data-ready="true"]');
  if (installed) await page.evaluate(() => navigator.serviceWorker.ready);
  // The app creates its database (Dexie) once its first screen is drawn: seeding waits for it.
  await untilPage(
    page,
    async () =>
      (await indexedDB.databases()).some((db) => db.name === 'souk-personal' && db.version! > 1),
    0,
    { intervalMs: 20, timeoutMs: 20_000 },
  );
  return { person, context, page };
}

/**
 * Resolves once `check` (run in the page, asynchronous) answers true, asking every `intervalMs`.
 * Not `page.waitForFunction`: it takes a returned promise for a truthy answer and stops at once.
 */
export async function untilPage(
  page: Page,
  check: (arg: number) => Promise<boolean>,
  arg: number,
  { intervalMs, timeoutMs }: { intervalMs: number; timeoutMs: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > deadline) throw new Error(`the page did not get there in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The device's database, as `seedDevice` hands it to the seeding function in the page. */
export interface DeviceDb {
  /** Puts `rows` into `store` (deleting the keys in `remove` first), in one transaction. */
  write(store: string, rows: object[], remove?: string[]): Promise<void>;
  /**
   * A row of `messages` as the app projects it, in a chat of `me` and `peer` where they take
   * turns: even positions are `me`'s own (read), odd ones the peer's.
   */
  message(row: {
    doc: string;
    pos: number;
    me: string;
    peer: string;
    at: number;
    text: string;
  }): object;
}

/** Runs in the page: opens the app's database. */
async function openDeviceDb(): Promise<DeviceDb & { close(): void }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('souk-personal');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return {
    write: (store, rows, remove = []) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(store, 'readwrite');
        const os = tx.objectStore(store);
        for (const key of remove) os.delete(key);
        for (const row of rows) os.put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      }),
    message: ({ doc, pos, me, peer, at, text }) => {
      const mine = pos % 2 === 0;
      const author = mine ? me : peer;
      const tick = mine ? 'read' : null;
      return { key: `${doc}|m${pos}`, doc, pos, id: `m${pos}`, author, mine, at, text, tick };
    },
    close: () => db.close(),
  };
}

/**
 * Runs `seed` in `page` with the device's database and `args` (JSON), then closes the database.
 * `seed` is sent as source, as `page.evaluate` does, so it may use nothing from this side but
 * its arguments.
 */
export async function seedDevice<A>(
  page: Page,
  seed: (db: DeviceDb, args: A) => Promise<void>,
  args: A,
): Promise<void> {
  // tsx keeps function names with a helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(`(async () => {
    const db = await (${openDeviceDb.toString()})();
    await (${seed.toString()})(db, ${JSON.stringify(args)});
    db.close();
  })()`);
}

/**
 * With `BENCH_BROWSER_PROF=<file>`, records the page's JavaScript CPU profile (Chrome DevTools'
 * `.cpuprofile`) until `stop`; without it, does nothing.
 */
export async function startPageProfile(
  page: Page,
  /** Names a second profile of the same run: written to `<file>.<part>.cpuprofile`. */
  part?: string,
): Promise<{ stop(): Promise<void> }> {
  const given = process.env.BENCH_BROWSER_PROF;
  if (!given) return { stop: async () => {} };
  const file = part ? `${given}.${part}.cpuprofile` : given;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      console.log(`page CPU profile written to ${file}`);
    },
  };
}

/**
 * With `BENCH_CPU_THROTTLE=<n>`, slows the page's CPU n times (Chrome DevTools' throttling), to
 * stand in for a cheap phone; answers the rate (1: not throttled).
 */
export async function throttleCpu(page: Page): Promise<number> {
  const rate = Number(process.env.BENCH_CPU_THROTTLE ?? 1);
  if (rate > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  }
  return rate;
}
