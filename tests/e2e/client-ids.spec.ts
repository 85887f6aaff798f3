/**
 * The app keeps one Yjs client id per device and document across reloads, and a second tab of
 * the same browser, which cannot share it (a Web Lock), writes with another (docs/protocol.md,
 * Limits: the server takes at most 64 per person and document). Read off the sync frames the
 * page sends, as the server sees them.
 */
import { expect, test, type Page } from '@playwright/test';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { signInThroughUi, uniquePhone } from './support.ts';

/**
 * Who wrote each message the page sends: the Yjs client id of the struct holding its text, from
 * every socket the page opens from now on (a reload opens a new one).
 */
function watchWriters(page: Page): Map<string, number> {
  const writers = new Map<string, number>();
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') return;
      const decoder = decoding.createDecoder(new Uint8Array(payload));
      if (decoding.readVarUint(decoder) !== 1) return; // a sync frame
      if (!decoding.readVarString(decoder).startsWith('conv:')) return;
      const body = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      if (decoding.readVarUint(body) === 0) return; // step 1: a state vector, no changes
      for (const struct of Y.decodeUpdate(decoding.readVarUint8Array(body)).structs) {
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
        for (const value of struct.content.getContent())
          if (value && typeof value === 'object' && 'text' in value)
            writers.set(String(value.text), struct.id.client);
      }
    }),
  );
  return writers;
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(
    page.getByRole('main').getByRole('listitem').filter({ hasText: text }),
  ).toBeVisible();
}

test('a reload keeps the client id, a second tab takes another', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const writers = watchWriters(page);
  const bobPhone = uniquePhone();
  const bobContext = await browser.newContext();
  await signInThroughUi(await bobContext.newPage(), bobPhone);
  await signInThroughUi(page, uniquePhone());
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Phone number').fill(bobPhone);
  await page.getByRole('button', { name: 'Start chat' }).click();

  await send(page, 'before the reload');
  await expect.poll(() => writers.has('before the reload')).toBe(true);
  const id = writers.get('before the reload');

  await page.reload();
  await send(page, 'after the reload');
  await expect.poll(() => writers.get('after the reload')).toBe(id);

  const tab = await context.newPage();
  const tabWriters = watchWriters(tab);
  await tab.goto(page.url());
  await send(tab, 'from a second tab');
  await expect.poll(() => tabWriters.has('from a second tab')).toBe(true);
  expect(tabWriters.get('from a second tab')).not.toBe(id);
  // The first tab still writes with its own.
  await send(page, 'the first tab again');
  await expect.poll(() => writers.get('the first tab again')).toBe(id);

  await context.close();
  await bobContext.close();
});
