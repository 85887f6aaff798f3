/**
 * Installable, properly (issue 18, item 5), against the real server serving the real build: each
 * app's HTML is its own (title, Apple home-screen title and touch icon), each manifest has
 * maskable icons, screenshots and a description, and each app has its own service worker for its
 * own scope (/admin none), which updates on its own: a new business worker waits, the business
 * app says "update available", Reload moves it over, and the personal app's worker is untouched.
 * (Headless Chromium never offers `beforeinstallprompt`, so the Install button is not driven here.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/** Width and height of a PNG, from its header. */
const pngSize = (png: Buffer) => `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;

async function png(request: APIRequestContext, src: string): Promise<string> {
  const response = await request.get(src);
  expect(response.status(), src).toBe(200);
  expect(response.headers()['content-type'], src).toBe('image/png');
  return pngSize(await response.body());
}

async function head(request: APIRequestContext, path: string) {
  const html = await (await request.get(path, { headers: { accept: 'text/html' } })).text();
  const attr = (pattern: RegExp) => pattern.exec(html)?.[1] ?? null;
  return {
    title: attr(/<title>([^<]*)<\/title>/),
    appleTitle: attr(/<meta name="apple-mobile-web-app-title" content="([^"]*)"/),
    touchIcon: attr(/<link rel="apple-touch-icon" href="([^"]*)"/),
    policy: attr(/<meta http-equiv="content-security-policy" content="([^"]*)"/),
  };
}

test("each app's HTML names it and carries its own touch icon", async ({ request }) => {
  const personal = await head(request, '/');
  const business = await head(request, '/business/chat/anything');
  expect(personal).toMatchObject({
    title: 'Souk',
    appleTitle: 'Souk',
    touchIcon: '/apple-touch-icon.png',
  });
  expect(business).toMatchObject({
    title: 'Souk Business',
    appleTitle: 'Souk Business',
    touchIcon: '/business/apple-touch-icon.png',
  });
  // The business shell is SvelteKit's with those lines changed: its policy (script hash) holds.
  expect(business.policy).toBeTruthy();
  expect(business.policy).toBe(personal.policy);
  // The bare /business moves inside the business worker's scope (/business/).
  const bare = await request.get('/business?from=link', { maxRedirects: 0 });
  expect(bare.status()).toBe(302);
  expect(bare.headers()['location']).toBe('/business/?from=link');
  expect(await png(request, personal.touchIcon!)).toBe('180x180');
  expect(await png(request, business.touchIcon!)).toBe('180x180');
});

test('both manifests have maskable icons, screenshots and a description', async ({ request }) => {
  for (const path of ['/manifest.webmanifest', '/business/manifest.webmanifest']) {
    const manifest = await (await request.get(path)).json();
    expect(manifest.description, path).toMatch(/\w{4,}.*\./);
    const maskable = manifest.icons.filter((i: { purpose?: string }) => i.purpose === 'maskable');
    expect(maskable.map((i: { sizes: string }) => i.sizes).sort()).toEqual(['192x192', '512x512']);
    for (const icon of maskable) {
      expect(icon.src.startsWith(manifest.scope), icon.src).toBe(true);
      expect(await png(request, icon.src)).toBe(icon.sizes);
    }
    const shots = manifest.screenshots as Array<Record<string, string>>;
    expect(shots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    for (const shot of shots) {
      expect(shot.label, shot.src).toBeTruthy();
      expect(await png(request, shot.src!)).toBe(shot.sizes);
    }
  }
});

/** Waits until the worker with this script controls the page (a new app's worker claims it). */
async function controlledBy(page: Page, script: string): Promise<void> {
  await page.waitForFunction(
    (path) => {
      const controller = navigator.serviceWorker.controller;
      return controller !== null && new URL(controller.scriptURL).pathname === path;
    },
    script,
    { timeout: 20_000 },
  );
}

const scopes = (page: Page) =>
  page.evaluate(async () =>
    (await navigator.serviceWorker.getRegistrations()).map((r) => new URL(r.scope).pathname).sort(),
  );

test('one worker per app scope, and the business one updates on its own', async ({ page }) => {
  await page.goto('/');
  await controlledBy(page, '/service-worker.js');
  // Until its own worker is in, the personal one (scope /) answers for it; then it claims it.
  await page.goto('/business');
  await controlledBy(page, '/business/service-worker.js');
  await expect(page).toHaveURL(/\/business\/$/);
  expect(await scopes(page)).toEqual(['/', '/business/']);
  await page.goto('/admin');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(await scopes(page)).toEqual(['/', '/business/']);

  // A new business worker is published (the same script, one byte more, in every encoding).
  const file = fileURLToPath(
    new URL('../../web/build/business/service-worker.js', import.meta.url),
  );
  const original = readFileSync(file);
  const publish = (script: Buffer) => {
    writeFileSync(file, script);
    writeFileSync(`${file}.gz`, gzipSync(script));
    writeFileSync(`${file}.br`, brotliCompressSync(script));
  };
  try {
    publish(Buffer.concat([original, Buffer.from('\n')]));
    await page.goto('/business');
    await controlledBy(page, '/business/service-worker.js');
    const update = page.getByRole('status').filter({ hasText: 'An update is available.' });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(update).toBeVisible({ timeout: 20_000 });
    // The personal app's worker has nothing waiting: the apps update independently.
    const waiting = () =>
      page.evaluate(async () =>
        Promise.all(
          ['/', '/business/'].map(async (scope) => {
            const registrations = await navigator.serviceWorker.getRegistrations();
            const mine = registrations.find((r) => new URL(r.scope).pathname === scope)!;
            return mine.waiting !== null;
          }),
        ),
      );
    expect(await waiting()).toEqual([false, true]);

    const reloaded = page.waitForEvent('load');
    await update.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await controlledBy(page, '/business/service-worker.js');
    expect(await waiting()).toEqual([false, false]);
    await expect(update).toHaveCount(0);
  } finally {
    publish(original);
  }
});
