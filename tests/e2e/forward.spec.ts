/**
 * Journey (issue 17, forward): Alice forwards a photo, a text, a document and a location Bob sent
 * her to Carol. Media is bound to Bob's chat on the server: the app uploads the photo again into
 * Carol's chat and has the server share the document's file into it. Carol sees all four marked
 * "Forwarded", the picture loads for her, and so does the document's file.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { signInThroughUi, uniquePhone, waitReady } from './support.ts';

async function chatWith(page: Page, phone: string): Promise<string> {
  const chat = await (
    await page.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { phone },
    })
  ).json();
  return `/chat/${(chat.doc as string).slice('conv:'.length)}`;
}

type Pick = { photo: string } | { text: string } | { kind: 'document' | 'location' };

/** Forwards the message (a photo by its caption, a text, or a card) to the chat with `peer`. */
async function forwardTo(page: Page, message: Pick, peer: string) {
  const rows = page.getByRole('main').locator('li.row');
  const row =
    'photo' in message
      ? rows.filter({ has: page.getByRole('img', { name: message.photo }) })
      : 'kind' in message
        ? rows.filter({ has: page.locator(`[data-kind="${message.kind}"]`) })
        : rows.filter({ hasText: message.text });
  await row.getByRole('button', { name: 'More actions' }).click();
  await page
    .getByRole('dialog', { name: 'Choose an action' })
    .getByRole('button', { name: 'Forward' })
    .click();
  const picker = page.getByRole('dialog', { name: 'Forward' });
  await picker.getByRole('checkbox', { name: peer }).check();
  await picker.getByRole('button', { name: 'Forward' }).click();
  await expect(picker).toHaveCount(0);
}

const stored = /^(Sent|Delivered|Read)$/;

/** The media id of the document in this device's message rows (the card shows no link yet). */
function documentMedia(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('souk-personal');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('messages').objectStore('messages').getAll();
          get.onsuccess = () => {
            open.result.close();
            const rows = get.result as Array<{ everyday?: { kind: string; media?: string } }>;
            const found = rows.find((row) => row.everyday?.kind === 'document');
            if (found?.everyday?.media) resolve(found.everyday.media);
            else reject(new Error('no document row'));
          };
        };
      }),
  );
}

test('a photo, a text, a document and a location forwarded to another chat, marked forwarded', async ({
  browser,
}) => {
  const contexts = [
    await browser.newContext(),
    await browser.newContext(),
    await browser.newContext(),
  ];
  const [alice, bob, carol] = await Promise.all(contexts.map((c) => c.newPage()));
  const [alicePhone, carolPhone] = [uniquePhone(), uniquePhone()];
  await signInThroughUi(alice!, alicePhone);
  await signInThroughUi(bob!, uniquePhone());
  await signInThroughUi(carol!, carolPhone);

  // Bob sends Alice a photo and an address.
  const fromBob = await chatWith(bob!, alicePhone);
  await bob!.goto(fromBob);
  await waitReady(bob!);
  const photo = await sharp({
    create: { width: 640, height: 480, channels: 3, background: '#2a6' },
  })
    .jpeg()
    .toBuffer();
  await bob!.getByLabel('Message', { exact: true }).fill('The green door');
  await bob!
    .getByText('Attach a photo')
    .locator('..')
    .locator('input[type="file"]')
    .setInputFiles({ name: 'door.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(bob!.getByRole('img', { name: 'The green door' })).toBeVisible();
  await bob!.getByLabel('Message', { exact: true }).fill('Calle Mayor 12');
  await bob!.getByRole('button', { name: 'Send' }).click();
  await bob!
    .getByText('Attach a photo')
    .locator('..')
    .locator('input[type="file"]')
    .setInputFiles({
      name: 'lista.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Pan\nLeche\n'),
    });
  await expect(
    bob!.locator('li.row', { has: bob!.locator('[data-kind="document"]') }).getByLabel(stored),
  ).toBeVisible();
  await bob!.getByRole('button', { name: 'Share a location' }).click();
  const place = bob!.getByRole('dialog', { name: 'Share a location' });
  await place.getByLabel('Latitude').fill('40.41690');
  await place.getByLabel('Longitude').fill('-3.70350');
  await place.getByLabel('Place name (optional)').fill('Puerta del Sol');
  await place.getByRole('button', { name: 'Send location' }).click();
  await expect(place).toBeHidden();

  // Alice has a chat with Carol too, and forwards both there.
  const toCarol = await chatWith(alice!, carolPhone);
  await alice!.goto(toCarol);
  await waitReady(alice!);
  await alice!.getByLabel('Message', { exact: true }).fill('Hi Carol');
  await alice!.getByRole('button', { name: 'Send' }).click();
  await alice!.goto(fromBob);
  await waitReady(alice!);
  await expect(alice!.getByRole('img', { name: 'The green door' })).toBeVisible();
  await forwardTo(alice!, { photo: 'The green door' }, carolPhone);
  await forwardTo(alice!, { text: 'Calle Mayor 12' }, carolPhone);
  await expect(alice!.locator('[data-kind="location"]')).toContainText('Puerta del Sol');
  await forwardTo(alice!, { kind: 'document' }, carolPhone);
  await forwardTo(alice!, { kind: 'location' }, carolPhone);

  await carol!.goto(toCarol);
  await waitReady(carol!);
  const forwarded = carol!.getByRole('img', { name: 'The green door' });
  await expect(forwarded).toBeVisible();
  await expect
    .poll(() => forwarded.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(320);
  await expect(carol!.getByRole('main').getByText('Calle Mayor 12')).toBeVisible();
  const carolChat = carol!.getByRole('main');
  await expect(carolChat.locator('[data-kind="document"]')).toContainText('lista.txt');
  await expect(carolChat.locator('[data-kind="location"]')).toContainText('Puerta del Sol');
  await expect(carolChat.getByText('Forwarded', { exact: true })).toHaveCount(4);
  // The document's file is shared into Carol's chat: she may fetch it (the same media id).
  const file = await documentMedia(carol!);
  expect((await carol!.request.get(`/media/${file}`)).status()).toBe(200);
  // The copy is Carol's chat's own upload, not the address of Bob's photo.
  const bobsCopy = await alice!.getByRole('img', { name: 'The green door' }).getAttribute('src');
  expect(await forwarded.getAttribute('src')).not.toBe(bobsCopy);
  for (const context of contexts) await context.close();
});
