/**
 * Journey (issue 6, rich messages): a person sends a photo with a caption from the composer; the
 * other sees the thumbnail and caption, and still sees the picture after reopening the app with
 * the network off (the service worker keeps every image it has shown).
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { signInThroughUi, uniquePhone, waitOfflineReady, waitReady } from './support.ts';

test('a photo with a caption, seen by the other person, also offline', async ({ browser }) => {
  const [aliceContext, bobContext] = [await browser.newContext(), await browser.newContext()];
  const [alice, bob] = [await aliceContext.newPage(), await bobContext.newPage()];
  const bobPhone = uniquePhone();
  await signInThroughUi(bob, bobPhone);
  await signInThroughUi(alice, uniquePhone());
  const chat = await (
    await alice.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { phone: bobPhone },
    })
  ).json();
  await alice.goto(`/chat/${chat.doc.slice('conv:'.length)}`);
  await waitReady(alice);

  const photo = await sharp({
    create: { width: 1200, height: 900, channels: 3, background: '#c0392b' },
  })
    .jpeg()
    .toBuffer();
  await alice.getByLabel('Message').fill('The red one?');
  await alice
    .getByText('Attach a photo')
    .locator('..')
    .locator('input[type="file"]')
    .setInputFiles({ name: 'shoe.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(alice.getByRole('img', { name: 'The red one?' })).toBeVisible();

  await bob.goto(`/chat/${chat.doc.slice('conv:'.length)}`);
  await waitReady(bob);
  const seen = bob.getByRole('img', { name: 'The red one?' });
  await expect(seen).toBeVisible();
  await expect.poll(() => seen.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(bob.getByRole('link', { name: /Photo: The red one\?/ })).toBeVisible();

  await waitOfflineReady(bob);
  await bobContext.setOffline(true);
  await bob.reload();
  await waitReady(bob);
  const offline = bob.getByRole('img', { name: 'The red one?' });
  await expect(offline).toBeVisible();
  await expect.poll(() => offline.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await aliceContext.close();
  await bobContext.close();
});
