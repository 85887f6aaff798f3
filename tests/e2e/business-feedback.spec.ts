/**
 * Journey (issue 15, item 4): a shop sees the result of what it does. Before a broadcast goes
 * out it reviews the message as customers will read it (in a language it picks) and whom it
 * reaches — counted by the server with the consent rules — and a double click sends it once. A
 * rejected verification says why; a suspended shop reads the reason the operator wrote.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  openShopPage,
  operatorPhone,
  registerBusinessThroughUi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitReady,
} from './support.ts';

const business = { 'x-souk-app': 'business' };
const personal = { 'x-souk-app': 'personal' };

test('a broadcast is reviewed, counted and sent once; rejection and suspension say why', async ({
  page: shop,
  browser,
  playwright,
}) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Heladería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);
  const published = await shop.request.post('/api/business/templates', {
    headers: business,
    data: {
      name: 'weekly_offer',
      category: 'marketing',
      defaultLanguage: 'en',
      translations: {
        en: { body: 'Hi {{name}}, this week every cone is half price.' },
        es: { body: 'Hola {{name}}, esta semana todos los cucuruchos a mitad de precio.' },
      },
    },
  });
  expect(published.ok()).toBe(true);
  const shopId = (await (await shop.request.get('/api/me', { headers: business })).json()).id;

  // Two customers: one opted in to the shop's updates, one who only has a chat with it.
  const context = await browser.newContext();
  const person = await context.newPage();
  await signInThroughUi(person, uniquePhone());
  await openShopPage(person, shopName);
  await person.getByRole('switch', { name: 'Receive updates' }).check();
  await person.getByRole('button', { name: 'Message' }).click();
  await expect(person.getByRole('main').getByRole('heading', { level: 2 })).toContainText(shopName);
  const api = (headers: Record<string, string>) =>
    playwright.request.newContext({
      baseURL: test.info().project.use.baseURL,
      extraHTTPHeaders: { ...test.info().project.use.extraHTTPHeaders, ...headers },
    });
  const other = await api({});
  const otherPhone = uniquePhone();
  await other.post('/api/auth/code', { headers: personal, data: { phone: otherPhone } });
  const code = await latestCode(other, otherPhone);
  await other.post('/api/auth/verify', { headers: personal, data: { phone: otherPhone, code } });
  expect(
    (await other.post('/api/chats', { headers: personal, data: { businessId: shopId } })).ok(),
  ).toBe(true);
  await other.dispose();

  // The review: the message as read, in the language picked, and whom it reaches.
  const sends: string[] = [];
  shop.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/business/broadcasts')
      sends.push(r.url());
  });
  await shop.getByRole('link', { name: 'Templates' }).click();
  await shop
    .getByRole('listitem')
    .filter({ hasText: 'weekly_offer' })
    .getByRole('button', { name: 'Broadcast' })
    .click();
  await shop.getByLabel('name', { exact: true }).fill('Ana');
  await shop.getByRole('button', { name: 'Review broadcast' }).click();
  const review = shop.getByRole('dialog', { name: 'Send weekly_offer?' });
  await expect(review.getByText('Hi Ana, this week every cone is half price.')).toBeVisible();
  await review.getByLabel('Preview in').selectOption('es');
  await expect(
    review.getByText('Hola Ana, esta semana todos los cucuruchos a mitad de precio.'),
  ).toBeVisible();
  await expect(review.getByRole('status')).toHaveText(
    'Customers addressed: 1. Reachable now under the messaging rules: 1.',
  );
  const axe = await new AxeBuilder({ page: shop }).include('dialog[open]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // A double click: one request, one message.
  await review.getByRole('button', { name: 'Send to 1' }).dblclick();
  await expect(review).toBeHidden();
  await expect(shop.getByText('Finished: sent to 1 of 1, not sent to 0.')).toBeVisible();
  expect(sends).toHaveLength(1);
  await expect(
    person.getByRole('main').getByText('Hi Ana, this week every cone is half price.'),
  ).toHaveCount(1);

  // The platform rejects a verification request with a reason; the shop reads it.
  await shop.getByRole('link', { name: 'Profile' }).click();
  await shop.getByLabel('Evidence for verification').fill('We sell ice cream.');
  await shop.getByRole('button', { name: 'Request verification' }).click();
  await expect(shop.getByRole('button', { name: 'Request verification' })).toHaveCount(0);
  const operator = await api(personal);
  await signInByApi(operator, operatorPhone);
  const pending = (await (
    await operator.get('/api/admin/verifications?status=pending')
  ).json()) as Array<{ id: string; businessId: string }>;
  const request = pending.find((v) => v.businessId === shopId)!;
  expect(
    (
      await operator.post(`/api/admin/verifications/${request.id}/reject`, {
        data: { reason: 'Send your trade register number.' },
      })
    ).ok(),
  ).toBe(true);
  await shop.reload();
  await waitReady(shop);
  await expect(
    shop.getByText(/was not approved: “Send your trade register number\.”/),
  ).toBeVisible();
  await expect(shop.getByRole('button', { name: 'Request verification' })).toBeVisible();

  // Suspended: the banner says so, with the operator's words.
  const note = 'Three customers reported messages at night.';
  expect(
    (
      await operator.post(`/api/admin/businesses/${shopId}/suspend`, { data: { reason: note } })
    ).ok(),
  ).toBe(true);
  await shop.reload();
  await waitReady(shop);
  const banner = shop.getByRole('alert').filter({ hasText: 'Souk suspended this business' });
  await expect(banner).toContainText(`Reason given by the platform: “${note}”`);
  await operator.dispose();
  await context.close();
});
