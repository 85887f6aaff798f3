/**
 * Journey (issue 19, item 4): a shop broadcasts to the customers who opted in, with a name per
 * customer from a CSV it uploads. The review shows real messages with those names, the audience
 * and the rows that cannot be used (someone who never opted in, a number that is not one); once
 * confirmed, the server sends it as a job (4 a second in the e2e server), the screen follows its
 * progress, and the shop cancels it part-way: what went stays sent, the rest is not sent.
 */
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import {
  ensureTermsPublished,
  registerBusinessThroughUi,
  signInByApi,
  uniquePhone,
  uniqueTag,
} from './support.ts';
import { optedInPeople } from './opt-ins.ts';

const asBusiness = { 'x-souk-app': 'business' };
const customers = 16;

test('a CSV broadcast is previewed, counted, sent as a job and cancelled', async ({
  page: shop,
  browser,
}) => {
  test.setTimeout(120_000);
  await ensureTermsPublished(shop.request);
  await registerBusinessThroughUi(shop, `Frutería ${uniqueTag()}`);
  const published = await shop.request.post('/api/business/templates', {
    headers: asBusiness,
    data: {
      name: 'spring_fruit',
      category: 'marketing',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hello {{name}}, the first cherries of the year are here.' } },
    },
  });
  expect(published.ok()).toBe(true);
  const shopId = (await (await shop.request.get('/api/me', { headers: asBusiness })).json()).id;
  const baseUrl = test.info().project.use.baseURL!;
  const people = await optedInPeople(baseUrl, shopId, customers);
  const stranger = await browser.newContext();
  const strangerPhone = uniquePhone();
  await signInByApi(stranger.request, strangerPhone);
  await stranger.close();

  // The opt-in index has everyone once the preview counts them (the server's own signal).
  const counted = async () =>
    (
      await (
        await shop.request.post('/api/business/broadcasts/audience', {
          headers: asBusiness,
          data: { template: 'spring_fruit', params: { name: 'x' } },
        })
      ).json()
    ).audience;
  await expect.poll(counted).toBe(customers);

  const rows = people.map((p, i) => `${p.phone},Name${i}`);
  const csv = ['phone,name', ...rows, `${strangerPhone},Stranger`, '12345,Nobody'].join('\n');
  await shop.getByRole('link', { name: 'Templates' }).click();
  await shop
    .getByRole('listitem')
    .filter({ hasText: 'spring_fruit' })
    .getByRole('button', { name: 'Broadcast' })
    .click();
  await shop.getByLabel('Customer list (CSV, optional)').setInputFiles({
    name: 'customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await shop.getByRole('button', { name: 'Review broadcast' }).click();
  const review = shop.getByRole('dialog', { name: 'Send spring_fruit?' });
  await expect(review.getByRole('status')).toHaveText(
    `Customers addressed: ${customers}. Reachable now under the messaging rules: ${customers}.`,
  );
  // Real messages, each with its customer's own name.
  const sorted = people.map((p, i) => ({ phone: p.phone, name: `Name${i}` }));
  sorted.sort((a, b) => (a.phone < b.phone ? -1 : 1));
  for (const { name } of sorted.slice(0, 3))
    await expect(
      review.getByText(`Hello ${name}, the first cherries of the year are here.`),
    ).toBeVisible();
  await expect(review.getByText('Rows that cannot be used: 2')).toBeVisible();
  await expect(
    review.getByText(`Line ${customers + 2}, ${strangerPhone}: not a customer who opted in`),
  ).toBeVisible();
  await expect(
    review.getByText(`Line ${customers + 3}, 12345: not a phone number in international format`),
  ).toBeVisible();
  const axe = await new AxeBuilder({ page: shop }).include('dialog[open]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Sent as a job: the screen follows it, and the shop stops it part-way.
  await review.getByRole('button', { name: `Send to ${customers}` }).click();
  await expect(review).toBeHidden();
  const progress = shop.getByRole('region', { name: 'Broadcast progress' });
  await expect(progress.getByRole('status')).toHaveText(/^Sending: [1-9]\d* of 16 sent/);
  await progress.getByRole('button', { name: 'Cancel broadcast' }).click();
  await expect(progress.getByRole('status')).toHaveText(
    /^Cancelled: sent to \d+, [1-9]\d* not sent\.$/,
  );
  await expect(progress.getByRole('button', { name: 'Cancel broadcast' })).toHaveCount(0);
  await expect(progress.getByRole('cell', { name: 'Sent', exact: true }).first()).toBeVisible();
  await expect(progress.getByRole('cell', { name: 'Not sent (cancelled)' }).first()).toBeVisible();
  const axeAfter = await new AxeBuilder({ page: shop }).include('main').analyze();
  expect(axeAfter.violations.map((v) => v.id)).toEqual([]);
});
