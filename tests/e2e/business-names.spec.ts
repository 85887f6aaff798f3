/**
 * Journey (issue 13, item 7): a business cannot pass for another. A shop types a look-alike of a
 * verified business's name (a Cyrillic "о") in Souk Business and is told why; a business whose
 * name became a look-alike when the other was verified waits in the operator's Reports queue,
 * with the business it looks like.
 */
import { expect, request as requests, test, type APIRequestContext } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  operatorPhone,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitReady,
  sendCode,
} from './support.ts';

const asBusiness = { 'x-souk-app': 'business' };

/** Letters only, so digits (read as letters against verified names) play no part by accident. */
const tag = Date.now()
  .toString(36)
  .replace(/\d/g, (d) => 'bcdfghjkmn'[Number(d)]!)
  .slice(-5);
const original = `Vinos ${tag}`;
const copy = `Vino5 ${tag}`; // free until "Vinos …" is verified: 5 reads as s only against ✅

async function registerByApi(request: APIRequestContext, name: string): Promise<void> {
  await signInByApi(request, uniquePhone(), 'business');
  const terms = await (await request.get('/api/terms')).json();
  const accepted = await request.post('/api/business/terms/accept', {
    headers: asBusiness,
    data: { tos: terms.tos.version, privacy: terms.privacy.version },
  });
  expect(accepted.ok()).toBe(true);
  const registered = await request.post('/api/business/register', {
    headers: asBusiness,
    data: { name, category: 'food' },
  });
  expect(registered.ok(), await registered.text()).toBe(true);
}

test('a look-alike name is refused in the app, and one from before is flagged', async ({
  page,
  request,
}) => {
  const baseURL = test.info().project.use.baseURL!;
  // API contexts say where they come from, as the app's own pages do.
  const context = () => requests.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  await ensureTermsPublished(request);
  const earlier = await context();
  await registerByApi(earlier, copy);
  await earlier.dispose();

  // The original registers and the platform verifies it.
  const shop = await context();
  await registerByApi(shop, original);
  const asked = await shop.post('/api/business/verification', {
    headers: asBusiness,
    data: { evidence: 'Registro mercantil, hoja 42.' },
  });
  expect(asked.ok()).toBe(true);
  await shop.dispose();
  const operator = await context();
  await signInByApi(operator, operatorPhone);
  const pending = await (await operator.get('/api/admin/verifications?status=pending')).json();
  const request1 = pending.find((r: { businessName: string }) => r.businessName === original);
  const approved = await operator.post(`/api/admin/verifications/${request1.id}/approve`, {
    headers: { 'x-souk-app': 'personal' },
    data: { reason: '' },
  });
  expect(approved.ok()).toBe(true);
  await operator.dispose();

  // An impostor types the original's name with a Cyrillic "о": refused, and told why.
  await signInThroughUi(page, uniquePhone(), '/business');
  await page.getByLabel('I have read and accept both documents.').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  const input = page.getByLabel('Business name');
  await input.fill(`Vinоs ${tag}`);
  await page.getByLabel('Category').selectOption('food');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'This name looks like the name of a verified business. Choose one customers cannot mistake for it.',
  );
  await expect(page.getByRole('heading', { name: 'Register your business' })).toBeVisible();
  await input.fill(`Quesos ${tag}`);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Inbox' })).toBeVisible();

  // The operator finds the earlier look-alike in Reports, flagged by the platform.
  const console = await page.context().browser()!.newContext({ baseURL });
  const admin = await console.newPage();
  await admin.goto('/admin');
  await waitReady(admin);
  await admin.getByLabel('Phone number').fill(operatorPhone);
  await sendCode(admin);
  await admin.getByLabel('Code').fill(await latestCode(admin.request, operatorPhone));
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'Reports', exact: true })
    .click();
  const flagged = admin
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: admin.getByRole('heading', { name: copy }) });
  await expect(
    flagged.getByText(`Its name looks like that of the verified business ${original}.`),
  ).toBeVisible();
  await expect(flagged.getByText(/^Flagged by the platform/)).toBeVisible();
  await flagged.getByRole('link', { name: `Open ${original} in Businesses` }).click();
  await expect(admin.getByLabel('Search by name or phone')).toHaveValue(original);
  await console.close();
});
