/**
 * Journey: a platform operator signs in to the console at /admin, publishes the Terms of Service
 * and Privacy Policy, and reviews a business that signed up through the HTTP API: approves its
 * verification, revokes it, approves a name change, suspends it and restores it. A person who is
 * not an operator is refused. With CONSOLE_SHOTS=1 it also saves screenshots of every screen at
 * phone and desktop sizes into /tmp/shots/.
 */
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { latestCode, operatorPhone, uniquePhone, waitReady } from './support.ts';

const business = { 'x-souk-app': 'business' };

async function expectOk(response: Awaited<ReturnType<APIRequestContext['get']>>) {
  expect(response.ok(), `${response.url()}: ${await response.text()}`).toBe(true);
  return response.json();
}

/** A shop signs in to Souk Business, accepts the current terms, registers and asks for ✅. */
async function signUpBusiness(request: APIRequestContext, phone: string, name: string) {
  await expectOk(await request.post('/api/auth/code', { headers: business, data: { phone } }));
  const code = await latestCode(request, phone);
  await expectOk(
    await request.post('/api/auth/verify', { headers: business, data: { phone, code } }),
  );
  const terms = await expectOk(await request.get('/api/terms'));
  await expectOk(
    await request.post('/api/business/terms/accept', {
      headers: business,
      data: { tos: terms.tos.version, privacy: terms.privacy.version },
    }),
  );
  await expectOk(
    await request.post('/api/business/register', {
      headers: business,
      data: { name, category: 'food' },
    }),
  );
  await expectOk(
    await request.post('/api/business/verification', {
      headers: business,
      data: { evidence: 'Registro mercantil de Valencia, hoja V-12345.' },
    }),
  );
}

async function signInToConsole(page: Page, phone: string) {
  await page.goto('/admin');
  await waitReady(page);
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('Code').fill(await latestCode(page.request, phone));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function shoot(page: Page, name: string) {
  if (!process.env.CONSOLE_SHOTS) return;
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `/tmp/shots/console-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function publish(page: Page, document: string, text: string) {
  const section = page.getByRole('region', { name: document });
  await section.getByLabel('Text of the new version').fill(text);
  await section.getByRole('button', { name: /^Publish version \d+$/ }).click();
  await expect(section.getByRole('status')).toContainText(`of the ${document} is published.`);
  await expect(section.getByText(text)).toBeVisible();
}

const card = (page: Page, name: string | RegExp): Locator =>
  page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name }) });

test('an operator publishes terms, reviews a business and moderates it', async ({
  page,
  request,
}) => {
  await signInToConsole(page, operatorPhone);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Verification requests' }),
  ).toBeVisible();
  await expect(page.getByText(`Signed in as ${operatorPhone}`)).toBeVisible();

  await page.getByRole('link', { name: 'Terms' }).click();
  await publish(page, 'Terms of Service', 'Be honest with your customers. No spam.');
  await publish(page, 'Privacy Policy', 'We keep only what the service needs.');
  await shoot(page, 'terms');

  const suffix = String(Date.now()).slice(-5);
  const name = `Panadería ${suffix}`;
  await signUpBusiness(request, uniquePhone(), name);

  // Verification: the request is pending with its evidence; approving it gives the ✅.
  await page.getByRole('link', { name: 'Verification requests' }).click();
  const request1 = card(page, name);
  await expect(request1.getByText('Registro mercantil de Valencia')).toBeVisible();
  await shoot(page, 'verifications');
  await request1.getByLabel(/Reason/).fill('Registry entry checked.');
  await request1.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText(`${name} is now verified.`);
  await expect(request1).toHaveCount(0);
  await page.getByText('Approved', { exact: true }).click();
  await expect(card(page, name).getByText('Reason given: Registry entry checked.')).toBeVisible();

  await page.getByRole('link', { name: 'Businesses' }).click();
  await page.getByLabel('Search by name or phone').fill(suffix);
  const row = page.getByRole('article', { name: `${name} ✅` });
  await expect(row.getByText('Verified', { exact: true })).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await shoot(page, 'businesses');

  // Revoking needs a reason; the ✅ goes.
  await row.getByRole('button', { name: `Revoke verification: ${name}` }).click();
  await shoot(page, 'revoke-form');
  await row.getByLabel('Reason (shown to the business)').fill('Registry entry expired.');
  await row.getByRole('button', { name: 'Revoke verification', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(`${name} is no longer verified.`);
  const unverified = page.getByRole('article', { name });
  await expect(unverified.getByText('Not verified')).toBeVisible();

  // A name change: old → new, approved in the console.
  const renamed = `Horno ${suffix}`;
  await expectOk(
    await request.post('/api/business/name-change', {
      headers: business,
      data: { name: renamed, reason: 'We now bake more than bread.' },
    }),
  );
  await page.getByRole('link', { name: 'Name-change requests' }).click();
  const change = card(page, `${name} → ${renamed}`);
  await expect(change.getByText('We now bake more than bread.')).toBeVisible();
  await shoot(page, 'name-changes');
  await change.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText(`now called ${renamed}`);

  // Suspend (the business is locked out), then restore.
  await page.getByRole('link', { name: 'Businesses' }).click();
  await page.getByLabel('Search by name or phone').fill(suffix);
  const shop = page.getByRole('article', { name: renamed });
  await shop.getByRole('button', { name: `Suspend: ${renamed}` }).click();
  await shop.getByLabel('Reason (shown to the business)').fill('Reported for spam.');
  await shop.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(shop.getByText('Suspended', { exact: true })).toBeVisible();
  expect((await request.get('/api/business/me', { headers: business })).status()).toBe(403);

  await shop.getByRole('button', { name: `Restore: ${renamed}` }).click();
  await shop.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(shop.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`${renamed} is active again.`);
  expect((await request.get('/api/business/me', { headers: business })).status()).toBe(200);

  // The console speaks Spanish too.
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { level: 1, name: 'Empresas' })).toBeVisible();
  await shoot(page, 'businesses-es');
  await page.getByLabel('Idioma').selectOption('en');
});

test('a person who is not an operator is refused', async ({ page }) => {
  const phone = uniquePhone();
  await signInToConsole(page, phone);
  await expect(page.getByRole('heading', { level: 1, name: 'Not an operator' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(`You are signed in as ${phone}`);
  await expect(page.getByRole('navigation', { name: 'Console sections' })).toHaveCount(0);
  await shoot(page, 'refused');

  await page.getByRole('button', { name: 'Sign in with another number' }).click();
  await expect(page.getByLabel('Phone number')).toBeVisible();
  await shoot(page, 'sign-in');
});
