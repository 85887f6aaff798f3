/**
 * Journey (issue 19, item 3): a shop starts a chat with a customer who opted in but never wrote.
 * The person taps Receive updates on the shop's page and does nothing else; the shop's New chat
 * screen finds them by name and lists them (and not a person who never opted in, whom the server refuses anyway), the
 * shop opens the chat from there and sends a template, and the person receives it.
 */
import { expect, test } from '@playwright/test';
import {
  ensureTermsPublished,
  openShopPage,
  registerBusinessThroughUi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  uniqueTag,
} from './support.ts';
import { lookFindings } from './a11y.ts';

const asBusiness = { 'x-souk-app': 'business' };

test('a shop starts a chat with an opted-in customer who never wrote', async ({
  page: shop,
  browser,
}) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Floristería ${uniqueTag()}`;
  await registerBusinessThroughUi(shop, shopName);
  const published = await shop.request.post('/api/business/templates', {
    headers: asBusiness,
    data: {
      name: 'order_ready',
      category: 'utility',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hi {{name}}, your order is ready.' } },
    },
  });
  expect(published.ok()).toBe(true);

  // A person opts in to the shop's updates from its page, and never writes to it.
  const person = await (await browser.newContext()).newPage();
  const personPhone = uniquePhone();
  await signInThroughUi(person, personPhone);
  await openShopPage(person, shopName);
  await person.getByRole('switch', { name: 'Receive updates' }).check();
  await person.getByRole('link', { name: 'Chats' }).click();
  const named = await person.request.put('/api/profile', {
    headers: { 'x-souk-app': 'personal' },
    data: { name: 'Rosa Llorente' },
  });
  expect(named.ok()).toBe(true);

  // Someone else is on Souk and never opted in.
  const stranger = await browser.newContext();
  const strangerPhone = uniquePhone();
  await signInByApi(stranger.request, strangerPhone);
  const strangerId = (await (await stranger.request.get('/api/me')).json()).id as string;

  // The signal that the opt-in reached the server: the shop's customer list names the person.
  const listed = async (phone: string) => {
    const answer = await shop.request.get(
      `/api/business/customers?q=${encodeURIComponent(phone.slice(1))}`,
      { headers: asBusiness },
    );
    return ((await answer.json()).customers as Array<{ phone: string }>).map((c) => c.phone);
  };
  await expect.poll(() => listed(personPhone)).toEqual([personPhone]);

  // The stranger is not offered, and the server refuses a chat the app would not offer.
  await shop.getByRole('button', { name: 'New chat' }).click();
  await expect(shop.getByRole('heading', { level: 2, name: 'New chat' })).toBeVisible();
  const search = shop.getByRole('search');
  await search.getByLabel('Name, number or label').fill(strangerPhone);
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(shop.getByText('No customer who opted in matches.')).toBeVisible();
  const refused = await shop.request.post(`/api/business/customers/${strangerId}/chat`, {
    headers: asBusiness,
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).details).toMatchObject({ reason: 'not_opted_in' });

  // The opted-in person is offered, found by their name; the shop starts the chat and sends a
  // template.
  await search.getByLabel('Name, number or label').fill('llorente');
  await search.getByRole('button', { name: 'Search' }).click();
  const offered = shop
    .getByRole('list', { name: 'Customers who opted in' })
    .getByRole('button', { name: `Start chat with Rosa Llorente, ${personPhone}` });
  await expect(offered).toBeVisible();
  // Clean under axe and within the window from 320 px to a desktop, light and dark.
  expect(await lookFindings(shop, 'new chat')).toEqual([]);
  await offered.click();
  await expect(shop).toHaveURL(/\/business\/chat\//);
  await shop.getByRole('button', { name: 'Use a template' }).click();
  await shop.getByLabel('Template', { exact: true }).selectOption('order_ready');
  await shop.getByLabel('name', { exact: true }).fill('Ana');
  await shop.getByRole('button', { name: 'Send template' }).click();

  // The person receives it, in a chat they never started.
  const shopRow = person
    .getByRole('navigation', { name: 'Chats' })
    .getByRole('link', { name: new RegExp(shopName) });
  await expect(shopRow).toContainText('Hi Ana, your order is ready.');
  await shopRow.click();
  await expect(person.getByRole('main').getByText('Hi Ana, your order is ready.')).toBeVisible();

  await person.context().close();
  await stranger.close();
});
