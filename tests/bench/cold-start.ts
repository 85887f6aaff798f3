/**
 * Offline cold start in real Chromium: the app installed (service worker in control), the network
 * off, 10,000 conversations and 200,000 messages on the device (one chat with 50,000). Reports the
 * page's own performance marks: chat list on screen, and the first screen of the long chat.
 * Needs `pnpm --filter @souk/web build` first.
 *
 * The device database is seeded directly with projected rows (what the UI reads), not through
 * sync, so this measures the app's cold path, not catch-up (see browser-catch-up.ts for that).
 */
import { chromium, type Page } from 'playwright-core';
import { createLogger, loadConfig, startServer } from '@souk/server';
import { signIn } from '../support/people.ts';

const chats = Number(process.env.BENCH_CHATS ?? 10_000);
const messages = Number(process.env.BENCH_MESSAGES ?? 200_000);
const longChat = Number(process.env.BENCH_LONG_CHAT ?? 50_000);
const launchArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function seed(page: Page, me: string): Promise<void> {
  // tsx keeps function names with a helper the page does not have.
  await page.evaluate('globalThis.__name = (f) => f');
  await page.evaluate(
    async ({ chats, messages, longChat, me }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('souk-personal');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const put = (store: string, rows: object[]) =>
        new Promise<void>((resolve, reject) => {
          const tx = db.transaction(store, 'readwrite');
          const os = tx.objectStore(store);
          for (const row of rows) os.put(row);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
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
      await put('chats', chatRows);
      const perOther = Math.floor((messages - longChat) / (chats - 1));
      let batch: object[] = [];
      const flush = async () => {
        await put('messages', batch);
        batch = [];
      };
      for (let c = 0; c < chats; c++) {
        const doc = c === 0 ? 'conv:big' : `conv:c${c}`;
        const count = c === 0 ? longChat : perOther;
        for (let pos = 0; pos < count; pos++) {
          const mine = pos % 2 === 0;
          batch.push({
            key: `${doc}|m${pos}`,
            doc,
            pos,
            id: `m${pos}`,
            author: mine ? me : `u_p${c}`,
            mine,
            at: now - (count - pos) * 60_000,
            text: `message number ${pos} in ${doc}`,
            tick: mine ? 'read' : null,
          });
          if (batch.length >= 20_000) await flush();
        }
      }
      await flush();
      db.close();
    },
    { chats, messages, longChat, me },
  );
}

async function mark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, {
    timeout: 120_000,
  });
  return page.evaluate((n) => Math.round(performance.getEntriesByName(n)[0]!.startTime), name);
}

export interface ColdStart {
  chatListMs: number;
  longChatMs: number;
}

export async function runColdStart(): Promise<ColdStart> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, { logger: createLogger('silent') });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  try {
    const alice = await signIn(server.url, '+34677700002');
    const context = await browser.newContext();
    const [name, value] = alice.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await seed(page, alice.id);
    await page.close();

    await context.setOffline(true);
    const cold = await context.newPage();
    await cold.goto(server.url);
    const chatListMs = await mark(cold, 'souk:chat-list');
    await cold.close();
    const chat = await context.newPage();
    await chat.goto(`${server.url}/chat/big`);
    const longChatMs = await mark(chat, 'souk:chat-first-screen');
    return { chatListMs, longChatMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

export function printColdStart({ chatListMs, longChatMs }: ColdStart): void {
  console.log(
    `offline cold start with ${chats} chats and ${messages} messages: chat list on screen at ${chatListMs} ms (target ≤ 400)`,
  );
  console.log(
    `first screen of a ${longChat}-message chat at ${longChatMs} ms after navigation (target ≤ 100)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printColdStart(await runColdStart());
