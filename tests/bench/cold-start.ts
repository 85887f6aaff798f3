/**
 * Offline cold start in real Chromium: the app installed (service worker in control), the network
 * off, 10,000 conversations and 200,000 messages on the device (one chat with 50,000). Reports the
 * page's own performance marks: chat list on screen, and the first screen of the long chat, as the
 * median and range of `BENCH_RUNS` (5) cold starts.
 * `BENCH_BROWSER_PROF=<file>` records the first cold start's page CPU profile until the chat list
 * is on screen, and `<file>.tap.cpuprofile` from the tap on the long chat to its first screen.
 * Needs `pnpm --filter @souk/web build` first.
 *
 * The device database is seeded directly with projected rows (what the UI reads), not through
 * sync, so this measures the app's cold path, not catch-up (see browser-catch-up.ts for that).
 */
import type { BrowserContext, Page } from 'playwright-core';
import {
  seedDevice,
  signedInDevice,
  startPageProfile,
  throttleCpu,
  untilPage,
  withServerAndBrowser,
  type DeviceDb,
} from './browser-bench.ts';
import { percentile } from './load.ts';

const chats = Number(process.env.BENCH_CHATS ?? 10_000);
const messages = Number(process.env.BENCH_MESSAGES ?? 200_000);
const longChat = Number(process.env.BENCH_LONG_CHAT ?? 50_000);

interface Seed {
  chats: number;
  messages: number;
  longChat: number;
  me: string;
}

/** Runs in the page. */
async function seed(db: DeviceDb, { chats, messages, longChat, me }: Seed): Promise<void> {
  const now = Date.now();
  const chatRows = Array.from({ length: chats }, (_, i) => ({
    doc: i === 0 ? 'conv:big' : `conv:c${i}`,
    kind: 'private',
    peerId: `u_p${i}`,
    peerLabel: `+34600${String(i).padStart(6, '0')}`,
    lastText: `last message ${i}`,
    lastAt: now - i * 1000,
    unread: i % 3,
  }));
  await db.write('chats', chatRows);
  const perOther = Math.floor((messages - longChat) / (chats - 1));
  let batch: object[] = [];
  const flush = async () => {
    await db.write('messages', batch);
    batch = [];
  };
  for (let c = 0; c < chats; c++) {
    const doc = c === 0 ? 'conv:big' : `conv:c${c}`;
    const count = c === 0 ? longChat : perOther;
    for (let pos = 0; pos < count; pos++) {
      batch.push(
        db.message({
          doc,
          pos,
          me,
          peer: `u_p${c}`,
          at: now - (count - pos) * 60_000,
          text: `message number ${pos} in ${doc}`,
        }),
      );
      if (batch.length >= 20_000) await flush();
    }
  }
  await flush();
}

async function mark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, {
    timeout: 120_000,
  });
  return page.evaluate((n) => Math.round(performance.getEntriesByName(n)[0]!.startTime), name);
}

/** When the page's measure `name` began and how long it took. */
async function measured(page: Page, name: string): Promise<{ at: number; ms: number }> {
  return page.evaluate((n) => {
    const entry = performance.getEntriesByName(n, 'measure')[0];
    return { at: Math.round(entry?.startTime ?? -1), ms: Math.round(entry?.duration ?? -1) };
  }, name);
}

/** From the tap on the long chat's row in the list to its first screen drawn, in the page. */
async function tapToFirstScreen(page: Page): Promise<number> {
  const name = 'souk:chat-first-screen';
  const before = await page.evaluate((n) => {
    // Inline, not a named function: the bundler would wrap a name in a helper the page lacks.
    addEventListener(
      'pointerdown',
      (event) => ((globalThis as { tapAt?: number }).tapAt = event.timeStamp),
      { capture: true, once: true },
    );
    return performance.getEntriesByName(n).length;
  }, name);
  await page.locator('a[href$="/chat/big"]').first().click();
  await page.waitForFunction(([n, seen]) => performance.getEntriesByName(n).length > seen, [
    name,
    before,
  ] as const);
  return page.evaluate(
    (n) =>
      Math.round(
        performance.getEntriesByName(n).at(-1)!.startTime -
          (globalThis as { tapAt?: number }).tapAt!,
      ),
    name,
  );
}

/** The unread messages the seed leaves (`unread: i % 3` in every chat). */
const seededUnread = Array.from({ length: chats }, (_, i) => i % 3).reduce((a, b) => a + b, 0);

/** Waits for the browser's storage to settle, as a phone's would between uses (`BENCH_SETTLE_MS`). */
const settle = () =>
  new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_SETTLE_MS ?? 5000)));

/**
 * Opens the app once online until it has settled on the seeded rows, as a device that received
 * them has: its chat list has seen every chat and keeps its summary
 * (web/src/lib/components/chat-list-summary.ts), which the next cold start reads instead of every
 * chat, and the search index holds every message (its backfill, once per device, would otherwise
 * run beside the cold start). Then waits `BENCH_SETTLE_MS` (5 s) for the browser's storage to
 * settle after those writes, as a phone's would between two uses.
 */
async function listedOnce(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(url);
  const check = (expected: number) =>
    new Promise<boolean>((resolve) => {
      const open = indexedDB.open('souk-personal');
      open.onerror = () => resolve(false);
      open.onsuccess = () => {
        const meta = open.result.transaction('meta').objectStore('meta');
        const summary = meta.get('chatList');
        const searchIndexed = meta.get('search-index');
        searchIndexed.onsuccess = () => {
          open.result.close();
          resolve(
            summary.result?.value?.unread?.all === expected && searchIndexed.result?.value === 1,
          );
        };
      };
    });
  await untilPage(page, check, seededUnread, { intervalMs: 1000, timeoutMs: 900_000 });
  await page.close();
  await settle();
}

/**
 * A cold start as above, but the tap comes a second after the list is on screen, once the page is
 * idle: a person reads the list before tapping, and the work the app leaves until after the first
 * screen (Dexie, the full chat list, the sync engine) is then done.
 */
async function tapOnSettledList(
  context: BrowserContext,
  url: string,
  profiled: boolean,
): Promise<number> {
  const page = await context.newPage();
  await throttleCpu(page);
  await page.goto(url);
  await mark(page, 'souk:chat-list');
  await page.waitForTimeout(1000);
  await page.evaluate(
    () => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5000 })),
  );
  const profile = profiled ? await startPageProfile(page, 'settled-tap') : null;
  const ms = await tapToFirstScreen(page);
  await profile?.stop();
  await page.close();
  return ms;
}

/** One cold start's figures (ms). */
export interface ColdStartRun {
  chatListMs: number;
  /** The first read of the device's tables (web/src/lib/first-read.ts): when, how long. */
  firstRead: { at: number; ms: number };
  /** Its opening of the database, part of it (what is left to wait for when it asks). */
  opened: { at: number; ms: number };
  tapMs: number;
  /** The same tap on a list left a second to settle (Dexie, the sync engine and the full list load after it is drawn). */
  settledTapMs: number;
  longChatMs: number;
}

export interface ColdStart {
  runs: ColdStartRun[];
  throttle: number;
}

/** Cold starts measured, each after the browser's storage has settled (`BENCH_RUNS`, 5). */
const runCount = Number(process.env.BENCH_RUNS ?? 5);

/** An offline cold start of the list and a tap on the long chat, then the settled tap and the deep link. */
async function coldStartOnce(
  context: BrowserContext,
  url: string,
  profiled: boolean,
): Promise<ColdStartRun & { throttle: number }> {
  const cold = await context.newPage();
  const throttle = await throttleCpu(cold);
  const profile = profiled ? await startPageProfile(cold) : null;
  await cold.goto(url);
  const chatListMs = await mark(cold, 'souk:chat-list');
  const firstRead = await measured(cold, 'souk:first-read');
  const opened = await measured(cold, 'souk:first-read-open');
  await profile?.stop();
  const tapProfile = profiled ? await startPageProfile(cold, 'tap') : null;
  const tapMs = await tapToFirstScreen(cold);
  await tapProfile?.stop();
  await cold.close();
  const settledTapMs = await tapOnSettledList(context, url, profiled);
  const chat = await context.newPage();
  await throttleCpu(chat);
  await chat.goto(`${url}/chat/big`);
  const longChatMs = await mark(chat, 'souk:chat-first-screen');
  await chat.close();
  return { chatListMs, firstRead, opened, tapMs, settledTapMs, longChatMs, throttle };
}

export function runColdStart(): Promise<ColdStart> {
  return withServerAndBrowser(async (server, browser) => {
    const { person, context, page } = await signedInDevice(server, browser, '+34677700002', {
      installed: true,
    });
    await seedDevice(page, seed, { chats, messages, longChat, me: person.id });
    await page.close();
    await listedOnce(context, server.url);

    await context.setOffline(true);
    const runs: ColdStartRun[] = [];
    let throttle = 1;
    for (let i = 0; i < runCount; i++) {
      if (i > 0) await settle(); // the browser closes the database's backing store once unused
      const { throttle: applied, ...run } = await coldStartOnce(context, server.url, i === 0);
      runs.push(run);
      throttle = applied;
    }
    return { runs, throttle };
  });
}

/** The median of a figure over the runs, with its range (the runs' fastest–slowest). */
function spread(runs: ColdStartRun[], figure: (run: ColdStartRun) => number): string {
  const sorted = runs.map(figure).sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  return sorted.length === 1 ? `${median} ms` : `${median} ms (${sorted[0]}–${sorted.at(-1)})`;
}

export function printColdStart({ runs, throttle }: ColdStart): void {
  const cpu = throttle > 1 ? `, CPU throttled ${throttle}×` : '';
  console.log(`median (fastest–slowest) of ${runs.length} cold starts:`);
  console.log(
    `offline cold start with ${chats} chats and ${messages} messages${cpu}: chat list on screen at ${spread(runs, (r) => r.chatListMs)} (target ≤ 400); the first read of the device's tables took ${spread(runs, (r) => r.firstRead.ms)} from ${spread(runs, (r) => r.firstRead.at)}, ${spread(runs, (r) => r.opened.ms)} of it waiting for the database to open`,
  );
  console.log(
    `first screen of a ${longChat}-message chat ${spread(runs, (r) => r.tapMs)} after the tap on its row as the list appears, ${spread(runs, (r) => r.settledTapMs)} on a list a second old (target ≤ 100); opened cold by its link, ${spread(runs, (r) => r.longChatMs)} after navigation`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printColdStart(await runColdStart());
