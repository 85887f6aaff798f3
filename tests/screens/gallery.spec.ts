/**
 * The gallery in docs/screens/ (`pnpm screens`): both apps and the console on a phone and a desktop, light and
 * dark, English and Spanish, drawn with the hard content of tests/e2e/looks.ts. At most 30 files.
 */
import { expect, test, type Browser } from '@playwright/test';
import { longWord, seedLooks, type Looks } from '../e2e/looks.ts';
import { operatorPhone, signInByApi, waitReady } from '../e2e/support.ts';

const out = process.env.SCREENS_DIR ?? 'docs/screens';
// SCREENS_PHONE_WIDTH=360 SCREENS_ONLY=phone SCREENS_DIR=/tmp/x: a quick look at a narrower phone.
const phoneWidth = Number(process.env.SCREENS_PHONE_WIDTH ?? 390);
const sizes = { phone: { width: phoneWidth, height: 800 }, desktop: { width: 1280, height: 800 } };
type Shot = { size: keyof typeof sizes; scheme: 'light' | 'dark'; locale: 'en' | 'es' };
const shots: Shot[] = [
  { size: 'phone', scheme: 'light', locale: 'en' },
  { size: 'phone', scheme: 'dark', locale: 'en' },
  { size: 'desktop', scheme: 'light', locale: 'en' },
  { size: 'desktop', scheme: 'dark', locale: 'en' },
  { size: 'phone', scheme: 'light', locale: 'es' },
  { size: 'desktop', scheme: 'dark', locale: 'es' },
];

async function draw(browser: Browser, looks: Looks, shot: Shot) {
  const name = `${shot.size}-${shot.scheme}-${shot.locale}`;
  const options = {
    viewport: sizes[shot.size],
    colorScheme: shot.scheme,
    locale: shot.locale === 'es' ? 'es-ES' : 'en-GB',
  } as const;
  const person = await browser.newContext({ ...options, storageState: looks.person.storageState });
  const page = await person.newPage();
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByRole('link', { name: /Panadería Mediodía/ })).toBeVisible();
  await page.screenshot({ path: `${out}/personal-list-${name}.png` });
  await page.goto(looks.friendChat);
  await waitReady(page);
  await expect(page.getByRole('main').getByText(longWord)).toBeVisible(); // the chat's end
  await page.screenshot({ path: `${out}/personal-chat-${name}.png` });
  if (shot.size === 'phone') {
    await page.goto('/settings');
    await waitReady(page);
    await expect(page.getByRole('switch').first()).toBeVisible();
    await page.screenshot({ path: `${out}/personal-settings-${name}.png` });
  }
  await person.close();

  const shop = await browser.newContext({ ...options, storageState: looks.shop.storageState });
  const inbox = await shop.newPage();
  await inbox.goto(`/business${looks.shopChat}`);
  await waitReady(inbox);
  await expect(inbox.getByRole('main').getByText(/Anything else\?/)).toBeVisible();
  await inbox.screenshot({ path: `${out}/business-chat-${name}.png` });
  if (shot.size === 'phone') {
    await inbox.goto('/business');
    await waitReady(inbox);
    await expect(inbox.getByRole('link', { name: /Anything else/ })).toBeVisible();
    await inbox.screenshot({ path: `${out}/business-inbox-${name}.png` });
  }
  await shop.close();

  if (shot.size === 'desktop') {
    const operator = await browser.newContext(options);
    await signInByApi(operator.request, operatorPhone);
    const console = await operator.newPage();
    await console.goto('/admin/stats');
    await waitReady(console);
    // The figures, not "Loading…".
    await expect(console.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await console.screenshot({ path: `${out}/console-${name}.png` });
    await operator.close();
  }
}

test('the gallery', async ({ browser }) => {
  const looks = await seedLooks(browser);
  for (const shot of process.env.SCREENS_ONLY === 'phone' ? shots.slice(0, 1) : shots)
    await draw(browser, looks, shot);
});
