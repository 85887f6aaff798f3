/**
 * Journey (issue 16): with Chromium's fake microphone and camera, Alice records a voice note and
 * sends it; Bob plays it at 1.5×, and it plays on while his message list scrolls (the one player
 * lives outside the virtualised rows). Alice sends a two-page PDF — its first page and page count
 * rendered on her device by pdf.js (its worker from our own origin, under the app's CSP) — and a
 * video recorded from the fake camera, whose poster and duration her device takes; Bob sees the
 * preview and the poster, and the video plays inline. Media elements fetch by byte ranges, and
 * get 206s.
 */
import { expect, test, type Page } from '@playwright/test';
import { lookFindings } from './a11y.ts';
import { fakeMediaLaunchOptions, mediaPermissions, pdfOf, recordedVideo } from './media-files.ts';
import { signInThroughUi, uniquePhone, waitReady } from './support.ts';

test.use({ launchOptions: fakeMediaLaunchOptions });

const attach = (page: Page) =>
  page.getByText('Attach a photo or file').locator('..').locator('input[type="file"]');

test('a voice note played at 1.5×, a PDF with its first page, a video with its poster', async ({
  browser,
}) => {
  const [aliceContext, bobContext] = [
    await browser.newContext({ permissions: mediaPermissions }),
    await browser.newContext({ permissions: mediaPermissions }),
  ];
  const [alice, bob] = [await aliceContext.newPage(), await bobContext.newPage()];
  const csp: string[] = [];
  for (const page of [alice, bob])
    page.on('console', (m) => /Content.Security.Policy/i.test(m.text()) && csp.push(m.text()));
  const bobPhone = uniquePhone();
  await signInThroughUi(bob, bobPhone);
  await signInThroughUi(alice, uniquePhone());
  const chat = await (
    await alice.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { phone: bobPhone },
    })
  ).json();
  const path = `/chat/${chat.doc.slice('conv:'.length)}`;
  await alice.goto(path);
  await waitReady(alice);

  // A voice note, recorded from the fake microphone.
  await alice.getByRole('button', { name: 'Record a voice note' }).click();
  const timer = alice.getByRole('timer', { name: 'Recording' });
  await expect(timer).toHaveText(/^0:0[2-9]$/, { timeout: 10_000 });
  expect(await lookFindings(alice, 'voice recorder')).toEqual([]);
  await alice.getByRole('button', { name: 'Send voice note' }).click();
  const sentVoice = alice.locator('[data-kind="voice"]');
  await expect(sentVoice).toBeVisible({ timeout: 20_000 });
  await expect(alice.getByRole('button', { name: 'Record a voice note' })).toBeVisible();

  // A two-page PDF: the preview and the page count come from Alice's device.
  await attach(alice).setInputFiles({
    name: 'invoice-42.pdf',
    mimeType: 'application/pdf',
    buffer: pdfOf(2),
  });
  const sentPdf = alice.locator('[data-kind="document"]');
  await expect(sentPdf).toContainText('invoice-42.pdf', { timeout: 20_000 });
  await expect(sentPdf).toContainText('2 pages');

  // A video from the fake camera: poster and duration taken on Alice's device.
  await attach(alice).setInputFiles(await recordedVideo(alice));
  await expect(alice.locator('[data-kind="video"]')).toBeVisible({ timeout: 20_000 });

  await bob.goto(path);
  await waitReady(bob);
  const preview = bob.getByRole('img', { name: 'First page of invoice-42.pdf' });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
  await expect(bob.locator('[data-kind="document"]')).toContainText('2 pages');
  await expect(bob.getByRole('link', { name: 'Download' })).toHaveAttribute(
    'download',
    'invoice-42.pdf',
  );

  const poster = bob.locator('[data-kind="video"] img');
  await expect(poster).toBeVisible();
  await expect
    .poll(() => poster.evaluate((img: HTMLImageElement) => img.naturalWidth))
    .toBeGreaterThan(0);
  await expect(bob.locator('[data-kind="video"]')).toContainText(/0:0[1-3]/);

  // The cards hold at every width and theme, axe clean; then the recorder too.
  expect(await lookFindings(bob, 'voice, document and video cards')).toEqual([]);

  // Bob plays the voice note at 1.5×. His browser asks for the file by byte ranges (what seeking
  // needs), and gets them.
  const ranged: number[] = [];
  bob.on('response', async (response) => {
    const file = /^\/media\/[A-Za-z0-9_-]+$/.test(new URL(response.url()).pathname);
    if (file && (await response.request().headerValue('range'))) ranged.push(response.status());
  });
  const play = bob.getByRole('button', { name: /^Play Voice message \d+:\d\d$/ });
  await play.click();
  await bob.getByRole('button', { name: /^Playback speed 1×/ }).click();
  await expect(bob.getByRole('button', { name: /^Playback speed 1\.5×/ })).toBeVisible();
  const state = () =>
    bob.evaluate(() => {
      const audio = (globalThis as { soukPlayer?: HTMLAudioElement }).soukPlayer!;
      return { rate: audio.playbackRate, paused: audio.paused, at: audio.currentTime };
    });
  await expect.poll(async () => (await state()).rate).toBe(1.5);
  await expect.poll(async () => (await state()).at).toBeGreaterThan(0);
  await expect.poll(() => ranged).toContain(206);
  expect((await state()).paused).toBe(false);
  // The player is not in any row: scrolling the list leaves it playing.
  await bob.getByRole('main').getByRole('listitem').first().hover();
  await bob.mouse.wheel(0, -2000);
  await bob.mouse.wheel(0, 2000);
  expect((await state()).paused).toBe(false);

  // The video plays inline.
  await bob.getByRole('button', { name: /^Play Video/ }).click();
  const playing = bob.locator('[data-kind="video"] video');
  await expect(playing).toBeVisible();
  await expect
    .poll(() => playing.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
    .toBeGreaterThan(0);

  expect(csp).toEqual([]);
  await aliceContext.close();
  await bobContext.close();
});
