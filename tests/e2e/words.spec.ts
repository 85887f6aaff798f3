/**
 * Journey: the apps' words (Paraglide, web/messages). A browser in English gets an English first
 * screen that downloads no Spanish — the Spanish messages are a chunk of their own — and keeps
 * no language it did not choose; a browser in Mexican Spanish gets Spanish at once; a language
 * chosen in settings redraws the screen in place and is kept across a reload.
 */
import { expect, test } from '@playwright/test';
import { signInByApi, uniquePhone, waitReady } from './support.ts';

test('a browser in English: English words, no Spanish downloaded, no language stored', async ({
  page,
}) => {
  const scripts: Array<Promise<string>> = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.push(response.text());
  });
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Sign in to Souk' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const bodies = await Promise.all(scripts);
  expect(bodies.length).toBeGreaterThan(0);
  expect(bodies.filter((body) => body.includes('Entra en Souk'))).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('souk.locale'))).toBeNull();
});

test('a browser in Mexican Spanish gets Spanish on the first screen', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Entra en Souk' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await context.close();
});

test('a language chosen in settings redraws in place and is kept', async ({ page }) => {
  await signInByApi(page.request, uniquePhone());
  await page.goto('/settings');
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.evaluate(() => Object.assign(window, { sameDocument: true }));
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { name: 'Ajustes' })).toBeVisible();
  expect(await page.evaluate(() => 'sameDocument' in window)).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem('souk.locale'))).toBe('es');
  await page.reload();
  await waitReady(page);
  await expect(page.getByRole('heading', { name: 'Ajustes' })).toBeVisible();
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});
