/**
 * Catch-up in real Chromium: a device that was away while 5,000 messages arrived in 200
 * conversations reconnects; how long until all of them are stored in its IndexedDB (projected
 * into the `messages` table the UI reads)? Needs `pnpm --filter @souk/web build` first.
 */
import { docName } from '@souk/sync';
import {
  serverCounter,
  signedInDevice,
  startPageProfile,
  throttleCpu,
  untilPage,
  withServerAndBrowser,
} from './browser-bench.ts';
import { seedChat } from '../support/seed.ts';

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const perConversation = Number(process.env.BENCH_PER_CONVERSATION ?? 25);

interface CatchUp {
  messages: number;
  ms: number;
  throttle: number;
  /** The server's CPU over the catch-up (it runs in this process, beside Playwright's driver). */
  serverCpuMs: number;
  /** What the device's catch-up made the server commit (its receipts). */
  commits: number;
}

export function runBrowserCatchUp(): Promise<CatchUp> {
  return withServerAndBrowser(async (server, browser) => {
    const { person: alice, context, page } = await signedInDevice(server, browser, '+34677700001');
    await page.close(); // away

    for (let i = 0; i < conversations; i++) {
      const peer = `u_bench${i}`;
      await seedChat(
        server,
        docName('conv', `bench${i}`),
        [
          { id: alice.id, kind: 'person', phone: alice.phone },
          { id: peer, kind: 'person', phone: `+3469800${String(i).padStart(4, '0')}` },
        ],
        [alice.id, peer], // both members, as in a real chat: Alice may read the peer's profile
        peer,
        Array.from({ length: perConversation }, (_, k) => `message ${k}`),
      );
    }

    const expected = conversations * perConversation;
    const back = await context.newPage();
    const throttle = await throttleCpu(back);
    const profile = await startPageProfile(back);
    const commitsBefore = await serverCounter(server, 'souk_commits_total');
    const cpu = process.cpuUsage();
    const started = Date.now();
    await back.goto(server.url);
    await untilPage(
      back,
      async (want) => {
        // The app creates its database once its first screen is drawn: until then there is none,
        // and this must not create one (the upgrade is aborted), or the app would find it empty.
        const open = indexedDB.open('souk-personal');
        open.onupgradeneeded = () => open.transaction?.abort();
        const db = await new Promise<IDBDatabase | null>((resolve) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = (event) => {
            event.preventDefault();
            resolve(null);
          };
        });
        if (!db) return false;
        if (!db.objectStoreNames.contains('messages')) {
          db.close();
          return false;
        }
        const count = await new Promise<number>((resolve) => {
          const request = db.transaction('messages').objectStore('messages').count();
          request.onsuccess = () => resolve(request.result);
        });
        db.close();
        return count >= want;
      },
      expected,
      { intervalMs: 50, timeoutMs: 900_000 },
    );
    const ms = Date.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const commits = (await serverCounter(server, 'souk_commits_total')) - commitsBefore;
    await profile.stop();
    return { messages: expected, ms, throttle, serverCpuMs: (user + system) / 1000, commits };
  });
}

export function printBrowserCatchUp({
  messages,
  ms,
  throttle,
  serverCpuMs,
  commits,
}: CatchUp): void {
  const cpu = throttle > 1 ? `, CPU throttled ${throttle}×` : '';
  console.log(
    `browser catch-up: ${messages} messages in ${conversations} conversations stored in IndexedDB in ${ms} ms${cpu} (issue 21: 50,000 in 2,000 ≤ 2000 ms)`,
  );
  const busy = Math.round((serverCpuMs / ms) * 100);
  console.log(
    `  the server meanwhile: ${Math.round(serverCpuMs)} ms of CPU (${busy} % of a core), ${commits} commits`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printBrowserCatchUp(await runBrowserCatchUp());
