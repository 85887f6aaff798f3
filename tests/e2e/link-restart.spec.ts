/**
 * A shop's link across a server restart (issue 19, items 1 and 2) in real Chromium: the shop
 * finds its link and QR code in its app; a customer opens the link signed out, signs in, lands in
 * the shop's chat with the link's text and sends it. The server then stops and starts again on
 * the same data directory: the link's statistics are still there, the customer's link still
 * leads into the same chat with their message, and the shop still has it in its inbox.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  registerBusinessByApi,
  sendCode,
  uniquePhone,
  uniqueTag,
  waitReady,
} from './support.ts';
import { restartServer } from './restart.ts';

const asBusiness = { 'x-souk-app': 'business' };
const linkStats = async (shop: APIRequestContext) =>
  (await (await shop.get('/api/business/link/stats?days=1', { headers: asBusiness })).json()).rows;

test('a link, the chat it started and its statistics outlive a server restart', async ({
  browser,
  request,
}) => {
  await ensureTermsPublished(request);
  const shop = await browser.newContext();
  const name = `Quesos ${uniqueTag()}`;
  await registerBusinessByApi(shop.request, name);
  const shopPage = await shop.newPage();
  await shopPage.goto('/business/link');
  await waitReady(shopPage);
  await expect(shopPage.getByRole('img', { name: /^QR code of / })).toBeVisible();
  const shown = shopPage.getByRole('link', { name: /\/c\/[a-z0-9-]+$/ });
  const link = new URL((await shown.getAttribute('href'))!, shopPage.url()).pathname;
  const handle = link.replace('/c/', '');

  const customer = await browser.newContext();
  const page = await customer.newPage();
  const text = '¿Os queda queso curado?';
  await page.goto(`${link}?text=${encodeURIComponent(text)}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('button', { name: 'Message', exact: true }).click();
  await waitReady(page);
  const phone = uniquePhone();
  await page.getByLabel('Phone number').fill(phone);
  await sendCode(page);
  await page.getByLabel('Code').fill(await latestCode(page.request, phone));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/chat\/[^/]+$/);
  const chat = page.url();
  await expect(page.getByLabel('Message')).toHaveValue(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const sent = page.getByRole('main').getByRole('listitem').filter({ hasText: text });
  await expect(sent.getByLabel(/^(Sent|Delivered|Read)$/)).toBeVisible();
  const counted = [expect.objectContaining({ handle, visits: 1, chats: 1, optIns: 0 })];
  await expect.poll(() => linkStats(shop.request)).toEqual(counted);

  await restartServer(request);

  // What was counted is still there, before anyone uses the link again.
  expect(await linkStats(shop.request)).toEqual(counted);
  // The link still works, and leads the customer into the same chat, their message in it.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.getByRole('button', { name: 'Message', exact: true }).click();
  await expect(page).toHaveURL(chat);
  await expect(page.getByRole('main').getByText(text)).toBeVisible();
  await expect
    .poll(() => linkStats(shop.request))
    .toEqual([expect.objectContaining({ handle, visits: 2, chats: 1, optIns: 0 })]);
  // The shop, signed in all along, has the chat in its inbox.
  await shopPage.goto('/business');
  await waitReady(shopPage);
  await expect(
    shopPage
      .getByRole('navigation')
      .getByRole('link', { name: new RegExp(phone.replace('+', '\\+')) }),
  ).toContainText(text);
  await customer.close();
  await shop.close();
});
