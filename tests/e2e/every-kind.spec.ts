/**
 * Journey (issue 16, "Done when"): two people and a shop exchange every kind there is — text,
 * photo, document, audio file, voice note, video, location, contact — some of it picked or
 * recorded while offline (Chromium's fake microphone and camera), where media waits in the upload
 * queue with 🕓 and survives a reload, then goes out when the network returns.
 * A reload in the middle of an upload resumes it: the server's tus offset (its HEAD answer) says
 * how much it has, and after the reload the device asks for that offset and sends from there,
 * creating no second upload. The upload is held between its chunks by a route, not by timing.
 */
import { expect, test, type Locator, type Page, type Request } from '@playwright/test';
import sharp from 'sharp';
import {
  fakeMediaLaunchOptions,
  mediaPermissions,
  recordVoice,
  recordedVideo,
  wavOf,
} from './media-files.ts';
import {
  ensureTermsPublished,
  openShopPage,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

test.use({ launchOptions: fakeMediaLaunchOptions });

const stored = /^(Sent|Delivered|Read)$/;
/** The device's chunk (web/src/lib/outbox/upload-runner.ts `chunkBytes`). */
const chunk = 4 * 1024 * 1024;

async function say(person: Page, text: string): Promise<void> {
  await person.getByLabel('Message').fill(text);
  await person.getByRole('button', { name: 'Send', exact: true }).click();
}

async function attach(
  person: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  caption = '',
): Promise<void> {
  if (caption) await person.getByLabel('Message').fill(caption);
  await person
    .getByText('Attach a photo or file')
    .locator('..')
    .locator('input[type="file"]')
    .setInputFiles(file);
}

async function shareLocation(person: Page, lat: string, lon: string, name: string) {
  await person.getByRole('button', { name: 'Share a location' }).click();
  const dialog = person.getByRole('dialog', { name: 'Share a location' });
  await dialog.getByLabel('Latitude').fill(lat);
  await dialog.getByLabel('Longitude').fill(lon);
  await dialog.getByLabel('Place name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Send location' }).click();
  await expect(dialog).toBeHidden();
}

async function shareContact(person: Page, name: string, phone: string) {
  await person.getByRole('button', { name: 'Share a contact' }).click();
  const dialog = person.getByRole('dialog', { name: 'Share a contact' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Phone number').fill(phone);
  await dialog.getByRole('button', { name: 'Send contact' }).click();
  await expect(dialog).toBeHidden();
}

const photo = async (background: string) => ({
  name: 'photo.jpg',
  mimeType: 'image/jpeg',
  buffer: await sharp({ create: { width: 800, height: 600, channels: 3, background } })
    .jpeg()
    .toBuffer(),
});

const textFile = (name: string, bytes: number) => ({
  name,
  mimeType: 'text/plain',
  buffer: Buffer.alloc(bytes, 'Souk catalogue, one line after another.\n'),
});

/** My message of that kind in the chat, once the server has it. */
async function expectStored(chat: Locator, has: Locator): Promise<void> {
  await expect(chat.getByRole('listitem').filter({ has }).getByLabel(stored)).toBeVisible({
    timeout: 30_000,
  });
}

test('two people and a shop exchange every kind, offline too; a reload mid-upload resumes it', async ({
  page: shop,
  browser,
}) => {
  test.setTimeout(240_000);
  await ensureTermsPublished(shop.request);
  const shopName = `Papelería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);

  const [aliceContext, bobContext] = [
    await browser.newContext({ permissions: mediaPermissions }),
    await browser.newContext({ permissions: mediaPermissions }),
  ];
  const [alice, bob] = [await aliceContext.newPage(), await bobContext.newPage()];
  const bobPhone = uniquePhone();
  await signInThroughUi(bob, bobPhone);
  await signInThroughUi(alice, uniquePhone());
  const started = await alice.request.post('/api/chats', {
    headers: { 'x-souk-app': 'personal' },
    data: { phone: bobPhone },
  });
  const chatPath = `/chat/${((await started.json()) as { doc: string }).doc.slice('conv:'.length)}`;
  await alice.goto(chatPath);
  await waitReady(alice);
  const aliceChat = alice.getByRole('main');
  await say(alice, 'Hola Bob, te mando todo');
  await expectStored(aliceChat, alice.getByText('Hola Bob, te mando todo'));

  // Offline, Alice picks a photo and a document, records a voice note and shares a place and a
  // contact: the media wait in the queue with 🕓, and all of it survives a reload.
  await waitOfflineReady(alice);
  await aliceContext.setOffline(true);
  await attach(alice, await photo('#2e86de'), 'La caja azul');
  await attach(alice, textFile('lista.txt', 20_000));
  await recordVoice(alice);
  await shareLocation(alice, '40.41680', '-3.70380', 'Puerta del Sol');
  await shareContact(alice, 'Carmen Ruiz', '+34 600 000 456');
  const waiting = aliceChat.locator('[data-outbox]');
  await expect(waiting).toHaveCount(3);
  await expect(aliceChat.locator('[data-outbox="document"]')).toContainText('lista.txt');
  await expect(aliceChat.locator('[data-outbox="voice"]')).toBeVisible();
  await expect(aliceChat.locator('[data-outbox="photo"]')).toContainText('La caja azul');
  await expect(waiting.first().getByLabel('Pending')).toBeVisible();
  await alice.reload();
  await waitReady(alice);
  await expect(waiting).toHaveCount(3);
  await expect(aliceChat.locator('[data-outbox="document"]')).toHaveAttribute(
    'data-state',
    'waiting',
  );

  // Back online: uploaded, then sent.
  await aliceContext.setOffline(false);
  await expect(waiting).toHaveCount(0, { timeout: 30_000 });
  await expectStored(aliceChat, alice.getByRole('img', { name: 'La caja azul' }));
  await expectStored(aliceChat, alice.locator('[data-kind="document"]'));
  await expectStored(aliceChat, alice.locator('[data-kind="voice"]'));

  // Bob sees every kind, plays the voice note (the media answers the player's byte ranges), and
  // answers with an audio file.
  await bob.goto(chatPath);
  await waitReady(bob);
  const bobChat = bob.getByRole('main');
  await expect(bobChat.getByText('Hola Bob, te mando todo')).toBeVisible();
  await expect(bobChat.getByRole('img', { name: 'La caja azul' })).toBeVisible();
  await expect(bobChat.locator('[data-kind="document"]')).toContainText('lista.txt');
  await expect(bobChat.locator('[data-kind="location"]')).toContainText('Puerta del Sol');
  await expect(bobChat.locator('[data-kind="contact"]')).toContainText('Carmen Ruiz');
  await bobChat.getByRole('button', { name: /^Play Voice message 0:0[2-9]$/ }).click();
  await expect
    .poll(() =>
      bob.evaluate(
        () => (globalThis as { soukPlayer?: HTMLAudioElement }).soukPlayer?.currentTime ?? 0,
      ),
    )
    .toBeGreaterThan(0);
  await attach(bob, { name: 'gracias.wav', mimeType: 'audio/wav', buffer: wavOf(2) });
  await expectStored(bobChat, bob.locator('[data-kind="audio"]'));
  await expect(aliceChat.locator('[data-kind="audio"]')).toContainText('gracias.wav');

  // Alice writes to the shop and sends a catalogue of three chunks. The second chunk is held;
  // the server has the first (its HEAD says so), and the page is reloaded.
  await openShopPage(alice, shopName);
  await alice.getByRole('button', { name: 'Message' }).click();
  await say(alice, '¿Tenéis este catálogo?');
  await expectStored(aliceChat, alice.getByText('¿Tenéis este catálogo?'));
  let holding = true;
  const seen: Request[] = [];
  let secondChunk!: () => void;
  const held = new Promise<void>((resolve) => (secondChunk = resolve));
  await alice.route('**/uploads**', async (route) => {
    const request = route.request();
    seen.push(request);
    if (holding && request.method() === 'PATCH' && request.headers()['upload-offset'] !== '0') {
      secondChunk();
      return; // never answered: the reload cuts it off
    }
    await route.continue();
  });
  const catalogue = textFile('catalogo.txt', 2 * chunk + 1_000_000);
  await attach(alice, catalogue);
  await held;
  const created = seen.find((request) => request.method() === 'POST')!;
  const location = (await created.response())!.headers()['location']!;
  const head = await alice.request.fetch(location, {
    method: 'HEAD',
    headers: { 'tus-resumable': '1.0.0', 'x-souk-app': 'personal' },
  });
  expect(head.headers()['upload-offset']).toBe(String(chunk));

  holding = false;
  seen.length = 0;
  await alice.reload();
  await waitReady(alice);
  await expectStored(aliceChat, alice.locator('[data-kind="document"]'));
  const methods = seen.map((request) => request.method());
  expect(methods).not.toContain('POST');
  const resumedHead = seen.find((request) => request.method() === 'HEAD')!;
  expect((await resumedHead.response())!.headers()['upload-offset']).toBe(String(chunk));
  const patches = seen.filter((request) => request.method() === 'PATCH');
  expect(patches.map((request) => request.headers()['upload-offset'])).toEqual([
    String(chunk),
    String(2 * chunk),
  ]);
  expect(new URL(patches[0]!.url()).pathname).toBe(location);
  await alice.unroute('**/uploads**');

  // The shop sees the catalogue whole and answers with a photo, a document, a video from its
  // camera, a place and a contact.
  await shop.reload();
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  const shopChat = shop.getByRole('main');
  await expect(shopChat.locator('[data-kind="document"]')).toContainText('catalogo.txt');
  await say(shop, 'Sí, aquí tienes');
  await attach(shop, await photo('#27ae60'), 'Portada');
  await attach(shop, textFile('precios.txt', 5_000));
  await shop.context().grantPermissions(mediaPermissions);
  await attach(shop, await recordedVideo(shop, 'escaparate.webm'));
  await shareLocation(shop, '40.41500', '-3.70700', 'Nuestra tienda');
  await shareContact(shop, 'Luis, ventas', '+34 600 000 789');
  await expectStored(shopChat, shop.getByRole('img', { name: 'Portada' }));
  await expectStored(shopChat, shop.locator('[data-kind="contact"]'));
  await expectStored(shopChat, shop.locator('[data-kind="video"]'));
  await expect(aliceChat.getByRole('img', { name: 'Portada' })).toBeVisible();
  await expect(aliceChat.locator('[data-kind="document"]').last()).toContainText('precios.txt');
  await expect(aliceChat.locator('[data-kind="location"]')).toContainText('Nuestra tienda');
  await expect(aliceChat.locator('[data-kind="contact"]')).toContainText('Luis, ventas');
  const poster = aliceChat.locator('[data-kind="video"] img');
  await expect(poster).toBeVisible();
  await expect
    .poll(() => poster.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);

  await aliceContext.close();
  await bobContext.close();
});
