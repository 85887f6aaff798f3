/**
 * Catch-up in real Chromium: a device that was away while 5,000 messages arrived in 200
 * conversations reconnects; how long until all of them are stored in its IndexedDB (projected
 * into the `messages` table the UI reads)? Needs `pnpm --filter @souk/web build` first.
 */
import { chromium } from 'playwright-core';
import { docName } from '@souk/sync';
import { createLogger, loadConfig, startServer } from '@souk/server';
import { signIn } from '../support/people.ts';
import { seedChat } from '../support/seed.ts';

const conversations = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const perConversation = Number(process.env.BENCH_PER_CONVERSATION ?? 25);
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function runBrowserCatchUp(): Promise<{ messages: number; ms: number }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  try {
    const alice = await signIn(server.url, '+34677700001');
    const context = await browser.newContext();
    const [name, value] = alice.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
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
        [alice.id],
        peer,
        Array.from({ length: perConversation }, (_, k) => `message ${k}`),
      );
    }

    const expected = conversations * perConversation;
    const back = await context.newPage();
    const started = Date.now();
    await back.goto(server.url);
    await back.waitForFunction(
      async (want) => {
        const open = indexedDB.open('souk-personal');
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        const count = await new Promise<number>((resolve) => {
          const request = db.transaction('messages').objectStore('messages').count();
          request.onsuccess = () => resolve(request.result);
        });
        db.close();
        return count >= want;
      },
      expected,
      { polling: 50, timeout: 120_000 },
    );
    return { messages: expected, ms: Date.now() - started };
  } finally {
    await browser.close();
    await server.close();
  }
}

export function printBrowserCatchUp({ messages, ms }: { messages: number; ms: number }): void {
  console.log(
    `browser catch-up: ${messages} messages in ${conversations} conversations stored in IndexedDB in ${ms} ms (target ≤ 1000 ms)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printBrowserCatchUp(await runBrowserCatchUp());
