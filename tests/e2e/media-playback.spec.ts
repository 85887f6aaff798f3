/**
 * Journey (issue 16, playing media): Alice sends two audio files and a voice note, then a video,
 * which is in the chat at once with a box saying its preview is being prepared (the code that
 * reads it is held on its way), then its poster from her device, then sent. Bob seeks the long
 * file with the keyboard alone (a slider: arrows, Page Up, Home, End, read out as "0:05 of 0:45"),
 * before and while it plays. He hears the voice note online; his service worker keeps the whole
 * file (the player asked only for byte ranges), so with the network off, after a reload, it plays
 * again. The file he never played cannot: its card says why, its button is back on Play, and no
 * promise goes unhandled.
 */
import { expect, test, type Route } from '@playwright/test';
import { lookFindings } from './a11y.ts';
import {
  fakeMediaLaunchOptions,
  mediaPermissions,
  recordVoice,
  recordedVideo,
  wavOf,
} from './media-files.ts';
import { signInThroughUi, uniquePhone, waitOfflineReady, waitReady } from './support.ts';

test.use({ launchOptions: fakeMediaLaunchOptions });

const player = () => {
  const audio = (globalThis as { soukPlayer?: HTMLAudioElement }).soukPlayer;
  return audio
    ? { at: audio.currentTime, paused: audio.paused, ready: audio.readyState, src: audio.src }
    : null;
};

test('seeking by keyboard, a video prepared in place, a voice note heard online plays offline', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  // Alice's pages fetch without a service worker, so the test can hold what they ask for.
  const aliceContext = await browser.newContext({
    permissions: mediaPermissions,
    serviceWorkers: 'block',
  });
  const bobContext = await browser.newContext({ permissions: mediaPermissions });
  const [alice, bob] = [await aliceContext.newPage(), await bobContext.newPage()];
  const errors: string[] = [];
  bob.on('pageerror', (error) => errors.push(error.message));
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
  const attach = alice
    .getByText('Attach a photo or file')
    .locator('..')
    .locator('input[type="file"]');

  // The video shows at once, preparing, while the code that reads its poster (not loaded yet:
  // this is the page's first file that is not a photo) is held.
  const video = await recordedVideo(alice);
  const code = /\/_app\/immutable\/.+\.js$/;
  const heldCode: Route[] = [];
  const heldUploads: Route[] = [];
  await alice.route(code, (route) => void heldCode.push(route));
  await alice.route('**/uploads**', (route) => void heldUploads.push(route));
  await attach.setInputFiles(video);
  const waitingVideo = alice.locator('[data-outbox="video"]');
  await expect(waitingVideo).toHaveAttribute('data-state', 'preparing');
  await expect(waitingVideo.getByRole('status')).toHaveText('Preparing the video preview…');
  await expect.poll(() => heldCode.length).toBeGreaterThan(0);
  expect(await lookFindings(alice, 'a video being prepared', '[data-outbox="video"]')).toEqual([]);
  const release = async (held: Route[]) => {
    // A request the page gave up on meanwhile is handled already: nothing to let through.
    for (const route of held.splice(0)) await route.continue().catch(() => {});
  };
  await alice.unroute(code);
  await release(heldCode);
  // Its poster, from Alice's device, while the upload is held.
  const preview = waitingVideo.getByRole('img', { name: 'Preview of clip.webm' });
  await expect(preview).toBeVisible({ timeout: 20_000 });
  expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(waitingVideo.getByRole('status')).toHaveCount(0);
  await alice.unroute('**/uploads**');
  await release(heldUploads);
  await expect(alice.locator('[data-kind="video"]')).toBeVisible({ timeout: 20_000 });

  for (const [name, seconds] of [
    ['long.wav', 45],
    ['unheard.wav', 3],
  ] as const) {
    await attach.setInputFiles({ name, mimeType: 'audio/wav', buffer: wavOf(seconds) });
    await expect(alice.locator('[data-kind="audio"]', { hasText: name })).toBeVisible({
      timeout: 20_000,
    });
  }
  await recordVoice(alice);
  await expect(alice.locator('[data-kind="voice"]')).toBeVisible({ timeout: 20_000 });

  // Bob seeks the long file by keyboard, before it plays.
  await bob.goto(path);
  await waitReady(bob);
  await waitOfflineReady(bob);
  const play = bob.getByRole('button', { name: 'Play Audio: long.wav' });
  await play.focus();
  await bob.keyboard.press('Tab');
  const slider = bob
    .locator('[data-kind="audio"]', { hasText: 'long.wav' })
    .getByRole('slider', { name: 'Playback position' });
  await expect(slider).toBeFocused();
  await expect(slider).toHaveAttribute('aria-valuemax', '45');
  const reads = async (key: string, text: string) => {
    await bob.keyboard.press(key);
    await expect(slider).toHaveAttribute('aria-valuetext', text);
  };
  await expect(slider).toHaveAttribute('aria-valuetext', '0:00 of 0:45');
  await reads('ArrowRight', '0:05 of 0:45');
  await reads('PageUp', '0:20 of 0:45');
  await reads('ArrowLeft', '0:15 of 0:45');
  await reads('End', '0:45 of 0:45');
  await reads('Home', '0:00 of 0:45');
  await reads('ArrowUp', '0:05 of 0:45');
  await reads('ArrowRight', '0:10 of 0:45');
  await expect(slider).toHaveAttribute('aria-valuenow', '10');

  // Play (Enter on the button) starts where the slider is; the arrows move what plays.
  await bob.keyboard.press('Shift+Tab');
  await expect(play).toBeFocused();
  await bob.keyboard.press('Enter');
  const pause = bob.getByRole('button', { name: 'Pause Audio: long.wav' });
  await expect(pause).toBeFocused();
  await expect.poll(async () => (await bob.evaluate(player))?.at ?? 0).toBeGreaterThanOrEqual(10);
  await bob.keyboard.press('Tab');
  await expect(slider).toBeFocused();
  await bob.keyboard.press('ArrowRight');
  await expect.poll(async () => (await bob.evaluate(player))?.at ?? 0).toBeGreaterThanOrEqual(15);
  await bob.keyboard.press('Shift+Tab');
  await bob.keyboard.press('Enter');
  await expect(play).toBeFocused();
  expect((await bob.evaluate(player))?.paused).toBe(true);
  expect(await lookFindings(bob, 'sound cards with their sliders', 'main')).toEqual([]);

  // Bob hears the voice note online; his worker keeps the whole file.
  await bob.getByRole('button', { name: /^Play Voice message \d+:\d\d$/ }).click();
  await expect.poll(async () => (await bob.evaluate(player))?.at ?? 0).toBeGreaterThan(0);
  const voice = new URL((await bob.evaluate(player))!.src).pathname;
  const kept = (file: string) =>
    bob.evaluate(
      async (file) => (await (await caches.open('souk-media')).match(file)) !== undefined,
      file,
    );
  await expect.poll(() => kept(voice), { timeout: 20_000 }).toBe(true);

  // Offline, after a reload, it plays from the kept file.
  await bobContext.setOffline(true);
  await bob.reload();
  await waitReady(bob);
  await bob.getByRole('button', { name: /^Play Voice message \d+:\d\d$/ }).click();
  await expect.poll(async () => (await bob.evaluate(player))?.ready ?? 0).toBeGreaterThanOrEqual(3);
  await expect.poll(async () => (await bob.evaluate(player))?.at ?? 0).toBeGreaterThan(0);
  expect(new URL((await bob.evaluate(player))!.src).pathname).toBe(voice);

  // The file he never played is not kept: it says so, and its button is back on Play.
  await bob.getByRole('button', { name: 'Play Audio: unheard.wav' }).click();
  const unheard = bob.getByRole('main').getByRole('listitem').filter({ hasText: 'unheard.wav' });
  await expect(unheard.getByRole('status').filter({ hasText: /\S/ })).toHaveText(
    'Not kept on this device: it plays once you are online.',
  );
  await expect(bob.getByRole('button', { name: 'Play Audio: unheard.wav' })).toBeVisible();
  expect(errors).toEqual([]);

  await aliceContext.close();
  await bobContext.close();
});
