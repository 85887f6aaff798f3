/**
 * Journey: the personal app and Souk Business install side by side on one phone: two manifests
 * with their own scope, name and icons, two local databases, and two identities for one number,
 * both signed in at once.
 */
import { expect, test } from '@playwright/test';
import { ensureTermsPublished, signInThroughUi, uniquePhone, waitReady } from './support.ts';

test('both apps are installable side by side', async ({ request }) => {
  const personal = await (await request.get('/manifest.webmanifest')).json();
  const business = await (await request.get('/business/manifest.webmanifest')).json();
  expect(personal).toMatchObject({
    name: 'Souk',
    scope: '/',
    start_url: '/',
    display: 'standalone',
  });
  expect(business).toMatchObject({
    name: 'Souk Business',
    scope: '/business/',
    start_url: '/business/',
    display: 'standalone',
  });
  expect(business.id).not.toBe(personal.id);
  for (const icon of [...personal.icons, ...business.icons]) {
    expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  }
});

test('one phone number, two identities, both signed in at once', async ({ page, browser }) => {
  const operator = await browser.newContext();
  await ensureTermsPublished(operator.request);
  await operator.close();
  const phone = uniquePhone();
  await signInThroughUi(page, phone, '/');
  expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe(
    '/manifest.webmanifest',
  );
  await signInThroughUi(page, phone, '/business');
  // A new business starts with the platform's terms, in its own app.
  await expect(page.getByRole('heading', { level: 2, name: 'Terms for businesses' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Souk Business' })).toBeVisible();
  expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe(
    '/business/manifest.webmanifest',
  );

  const me = async (app: string) =>
    (await page.request.get('/api/me', { headers: { 'x-souk-app': app } })).json();
  const [person, shop] = [await me('personal'), await me('business')];
  expect(person).toMatchObject({ kind: 'person', phone });
  expect(shop).toMatchObject({ kind: 'business', phone });
  expect(shop.id).not.toBe(person.id);

  // The personal app is still signed in, and each app keeps its own database.
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByRole('button', { name: 'New chat' })).toBeVisible();
  const databases = await page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name),
  );
  expect(databases).toEqual(expect.arrayContaining(['souk-personal', 'souk-business']));
});
