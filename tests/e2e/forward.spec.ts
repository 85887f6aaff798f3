/**
 * Journey (issue 17, forward): Alice forwards a photo and a text Bob sent her to Carol. The photo
 * is bound to Bob's chat on the server, so the app uploads it again into Carol's chat: Carol sees
 * both marked "Forwarded", and the picture loads for her.
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

/** Forwards the message (a photo, by its caption, or a text) to the chat with `peer`. */
async function forwardTo(page: Page, message: { photo: string } | { text: string }, peer: string) {
  const rows = page.getByRole('main').locator('li.row');
  const row =
    'photo' in message
      ? rows.filter({ has: page.getByRole('img', { name: message.photo }) })
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

test('a photo and a text forwarded to another chat, marked forwarded', async ({ browser }) => {
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

  await carol!.goto(toCarol);
  await waitReady(carol!);
  const forwarded = carol!.getByRole('img', { name: 'The green door' });
  await expect(forwarded).toBeVisible();
  await expect
    .poll(() => forwarded.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBe(320);
  await expect(carol!.getByRole('main').getByText('Calle Mayor 12')).toBeVisible();
  await expect(carol!.getByRole('main').getByText('Forwarded', { exact: true })).toHaveCount(2);
  // The copy is Carol's chat's own upload, not the address of Bob's photo.
  const bobsCopy = await alice!.getByRole('img', { name: 'The green door' }).getAttribute('src');
  expect(await forwarded.getAttribute('src')).not.toBe(bobsCopy);
  for (const context of contexts) await context.close();
});
