/**
 * Journey: a platform operator signs in to the console at /admin, publishes the Terms of Service
 * and Privacy Policy, posts an announcement, and reviews a business that signed up through the HTTP API: approves its
 * verification, revokes it, approves a name change, follows a person's report to it, suspends
 * and restores it, and closes the report. A person who is not an operator is refused.
 * With CONSOLE_SHOTS=1 it also saves screenshots of every screen at phone and desktop sizes into
 * /tmp/shots/.
 */
import {
  expect,
  request as requests,
  test,
  type APIRequestContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { latestCode, operatorPhone, uniquePhone, waitReady, sendCode } from './support.ts';

const business = { 'x-souk-app': 'business' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, read by field
type Json = any;

async function expectOk(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<Json> {
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

/** A person signs in to the personal app (through the API only). */
async function signUpPerson(request: APIRequestContext, phone: string) {
  await expectOk(await request.post('/api/auth/code', { data: { phone } }));
  const code = await latestCode(request, phone);
  await expectOk(await request.post('/api/auth/verify', { data: { phone, code } }));
}

async function signInToConsole(page: Page, phone: string) {
  await page.goto('/admin');
  await waitReady(page);
  await page.getByLabel('Phone number').fill(phone);
  await sendCode(page);
  await page.getByLabel('Code').fill(await latestCode(page.request, phone));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function shoot(page: Page, name: string) {
  if (!process.env.CONSOLE_SHOTS) return;
  for (const [width, height] of [
    [390, 844],
    [1280, 800],
  ] as const) {
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

/** A link in the console's navigation. */
const section = (page: Page, name: string): Locator =>
  page
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name, exact: true });

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

  await section(page, 'Terms').click();
  await publish(page, 'Terms of Service', 'Be honest with your customers. No spam.');
  await publish(page, 'Privacy Policy', 'We keep only what the service needs.');
  await shoot(page, 'terms');

  // The official account posts an announcement to every business.
  await section(page, 'Announcements').click();
  const announcement = `Maintenance tonight ${Date.now()}: sending may pause for a minute.`;
  await page.getByLabel('New announcement').fill(announcement);
  await page.getByRole('button', { name: 'Post to every business' }).click();
  await expect(page.getByRole('status')).toContainText('The announcement is posted.');
  await expect(page.getByRole('listitem').filter({ hasText: announcement })).toBeVisible();
  await shoot(page, 'announcements');

  const suffix = String(Date.now()).slice(-5);
  const name = `Panadería ${suffix}`;
  await signUpBusiness(request, uniquePhone(), name);

  // Verification: the request is pending with its evidence; approving it gives the ✅.
  await section(page, 'Verifications').click();
  const request1 = card(page, name);
  await expect(request1.getByText('Registro mercantil de Valencia')).toBeVisible();
  await shoot(page, 'verifications');
  await request1.getByLabel(/Reason/).fill('Registry entry checked.');
  await request1.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText(`${name} is now verified.`);
  await expect(request1).toHaveCount(0);
  await page.getByText('Approved', { exact: true }).click();
  await expect(card(page, name).getByText('Reason given: Registry entry checked.')).toBeVisible();

  await section(page, 'Businesses').click();
  await page.getByLabel('Search by name or phone').fill(suffix);
  const row = page.getByRole('article', { name });
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

  // It asks again; a rejection needs a reason, which the rejected list keeps.
  await expectOk(
    await request.post('/api/business/verification', {
      headers: business,
      data: { evidence: 'Same registry entry, renewed.' },
    }),
  );
  await section(page, 'Verifications').click();
  const again = card(page, name);
  await again.getByRole('button', { name: 'Reject' }).click();
  await expect(again.getByText('Give a reason: the business will see it.')).toBeVisible();
  await again.getByLabel(/Reason/).fill('The renewal is not in the registry yet.');
  await again.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByRole('status')).toContainText('was rejected');
  await page.getByText('Rejected', { exact: true }).click();
  await expect(
    card(page, name).getByText('Reason given: The renewal is not in the registry yet.'),
  ).toBeVisible();

  // A name change: old → new, approved in the console.
  const renamed = `Horno ${suffix}`;
  await expectOk(
    await request.post('/api/business/name-change', {
      headers: business,
      data: { name: renamed, reason: 'We now bake more than bread.' },
    }),
  );
  await section(page, 'Name changes').click();
  const change = card(page, `${name} → ${renamed}`);
  await expect(change.getByText('We now bake more than bread.')).toBeVisible();
  await shoot(page, 'name-changes');
  await change.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText(`now called ${renamed}`);

  // A person reports the business; the operator follows the report to the business, suspends
  // it (the business is locked out), restores it, and closes the report with what was done.
  const person = await requests.newContext({ baseURL: test.info().project.use.baseURL });
  await signUpPerson(person, uniquePhone());
  const shopId = (await expectOk(await request.get('/api/business/me', { headers: business })))
    .business.id;
  await expectOk(
    await person.post('/api/reports', { data: { businessId: shopId, reason: 'Spam at night.' } }),
  );
  await person.dispose();

  await section(page, 'Reports').click();
  const report = card(page, renamed);
  await expect(report.getByText('Spam at night.')).toBeVisible();
  await shoot(page, 'reports');
  await report.getByRole('link', { name: `Open ${renamed} in Businesses` }).click();
  await expect(page.getByLabel('Search by name or phone')).toHaveValue(renamed);

  const shop = page.getByRole('article', { name: renamed });
  await shop.getByText('Name history').click();
  await expect(shop.getByRole('listitem')).toHaveText([
    new RegExp(`^${name}\\s+since`),
    new RegExp(`^${renamed}\\s+since`),
  ]);
  await shop.getByRole('button', { name: `Suspend: ${renamed}` }).click();
  await shop.getByLabel('Reason (shown to the business)').fill('Reported for spam.');
  await shop.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(shop.getByText('Suspended', { exact: true })).toBeVisible();
  expect((await request.get('/api/business/me', { headers: business })).status()).toBe(403);

  // Restore by keyboard alone: focus stays in the row, the form opens on its reason field.
  await expect(shop.getByRole('button', { name: `Restore: ${renamed}` })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(shop.getByLabel('Reason (optional, shown to the business)')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(shop.getByRole('button', { name: 'Restore', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(shop.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`${renamed} is active again.`);
  expect((await request.get('/api/business/me', { headers: business })).status()).toBe(200);

  await section(page, 'Reports').click();
  await card(page, renamed)
    .getByLabel(/What was done/)
    .fill('Suspended, then restored.');
  await card(page, renamed).getByRole('button', { name: 'Close report' }).click();
  await expect(page.getByRole('status')).toContainText(`The report on ${renamed} is closed.`);
  await page.getByText('Closed', { exact: true }).click();
  await expect(
    card(page, renamed).getByText('Resolution: Suspended, then restored.'),
  ).toBeVisible();

  // The console speaks Spanish too.
  await section(page, 'Businesses').click();
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByRole('heading', { level: 1, name: 'Empresas' })).toBeVisible();
  await shoot(page, 'businesses-es');
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page).toHaveTitle('Businesses · Souk console');

  // Signed out elsewhere: the next call brings the sign-in form back.
  await expectOk(await page.request.post('/api/auth/sign-out'));
  await section(page, 'Reports').click();
  await expect(page.getByRole('heading', { name: 'Sign in to the Souk console' })).toBeVisible();
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
