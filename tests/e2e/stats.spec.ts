/**
 * Journey (issue 7): a shop answers a customer, the customer reads it, and the shop's dashboard
 * shows it — sent, delivered, read, received, the read rate, the day's row in the table; then,
 * without signal, the dashboard still shows the last figures, marked with their age.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  ensureTermsPublished,
  operatorPhone,
  signInByApi,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

const shots = '/tmp/shots-stats';

test('a business sends, a person reads, the dashboard shows it (offline too)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  mkdirSync(shots, { recursive: true });
  const shopContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shop = await shopContext.newPage();
  await ensureTermsPublished(shop.request);
  await registerBusinessThroughUi(shop, `Floristería ${String(Date.now()).slice(-5)}`);
  const me = await shop.request.get('/api/me', { headers: { 'x-souk-app': 'business' } });
  const businessId = ((await me.json()) as { id: string }).id;

  // A customer writes first (the window opens), then keeps the chat open.
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  await signInThroughUi(person, uniquePhone());
  const started = await person.request.post('/api/chats', {
    headers: { 'x-souk-app': 'personal' },
    data: { businessId },
  });
  expect(started.ok()).toBe(true);
  const { doc } = (await started.json()) as { doc: string };
  await person.goto(`/chat/${doc.slice('conv:'.length)}`);
  await waitReady(person);
  await person.getByLabel('Message').fill('Do you deliver roses today?');
  await person.getByRole('button', { name: 'Send', exact: true }).click();

  // The shop answers; the open chat on the customer's phone reads it (blue ✓✓ on the shop's).
  await shop.getByRole('link', { name: /Do you deliver roses today\?/ }).click();
  await shop.getByLabel('Message').fill('Yes, until 6 pm.');
  await shop.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(person.getByRole('main').getByText('Yes, until 6 pm.')).toBeVisible();
  const sent = shop.getByRole('main').getByRole('listitem').filter({ hasText: 'Yes, until 6 pm.' });
  await expect(sent.getByLabel('Read')).toBeVisible();

  // And a template (published over the API; sent from the chat like any shop would).
  const published = await shop.request.post('/api/business/templates', {
    headers: { 'x-souk-app': 'business' },
    data: {
      name: 'order_ready',
      category: 'utility',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hi {{name}}, your flowers are ready.' } },
    },
  });
  expect(published.ok()).toBe(true);
  await shop.getByRole('button', { name: 'Use a template' }).click();
  await shop.getByLabel('Template', { exact: true }).selectOption('order_ready');
  await shop.getByLabel('name', { exact: true }).fill('Ana');
  await shop.getByRole('button', { name: 'Send template' }).click();
  await expect(person.getByRole('main').getByText('Hi Ana, your flowers are ready.')).toBeVisible();
  const template = shop
    .getByRole('main')
    .getByRole('listitem')
    .filter({ hasText: 'Hi Ana, your flowers are ready.' });
  await expect(template.getByLabel('Read')).toBeVisible();

  // The dashboard.
  await shop.getByRole('link', { name: 'Statistics' }).click();
  await expect(shop.getByRole('heading', { level: 2, name: 'Statistics' })).toBeVisible();
  const total = (key: string) => shop.getByTestId(`total-${key}`).locator('dd').first();
  await expect(total('sent')).toHaveText('2');
  await expect(total('delivered')).toHaveText('2');
  await expect(total('read')).toHaveText('2');
  await expect(total('received')).toHaveText('1');
  await expect(total('rate')).toHaveText('100%');
  await expect(shop.getByTestId('stats-age')).toContainText('Up to date');
  await expect(shop.getByRole('img', { name: /Messages per day/ })).toBeVisible();
  await expect(shop.getByRole('row', { name: /Free-form messages/ })).toContainText('100%');
  await expect(shop.getByRole('row', { name: /order_ready v1/ })).toContainText('100%');

  // The numbers behind the chart, as a table.
  await shop.getByText('Messages per day, in numbers').click();
  const today = shop.getByRole('table').first().getByRole('row').nth(1);
  await expect(today.getByRole('cell')).toHaveText(['2', '2', '2', '1', '100%']);

  // Periods and the CSV.
  await shop.getByRole('button', { name: '7 days' }).click();
  await expect(shop.getByRole('button', { name: '7 days' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(total('sent')).toHaveText('2');
  const csvLink = shop.getByRole('link', { name: 'per day' });
  const csv = await shop.request.get((await csvLink.getAttribute('href'))!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect((await csv.text()).trim().split('\r\n').at(-1)).toMatch(
    // The last column, refused, may hold a template send the server found stale (the app
    // refreshes its pack and sends again): that is a refusal too.
    /^\d{4}-\d{2}-\d{2},2,2,2,1,1\.0000,0,0,\d$/,
  );
  await shop.screenshot({ path: `${shots}/dashboard-1280.png` });
  const bottom = (page: typeof shop) =>
    page.locator('section.stats').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await bottom(shop);
  await shop.screenshot({ path: `${shots}/dashboard-1280-bottom.png` });

  // Offline, after a reload from the service worker: the last figures synced, with their age.
  await shop.getByRole('button', { name: '30 days' }).click();
  await expect(total('sent')).toHaveText('2');
  await waitOfflineReady(shop);
  await shopContext.setOffline(true);
  await shop.reload();
  await waitReady(shop);
  await expect(shop.getByTestId('stats-age')).toContainText(
    'Offline: showing the last figures synced',
  );
  await expect(total('sent')).toHaveText('2');
  await expect(total('read')).toHaveText('2');
  await shop.screenshot({ path: `${shots}/dashboard-1280-offline.png` });
  await shopContext.setOffline(false);

  // A phone.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    storageState: await shopContext.storageState(),
  });
  const phone = await phoneContext.newPage();
  await phone.goto('/business/stats');
  await waitReady(phone);
  await expect(phone.getByTestId('total-read').locator('dd').first()).toHaveText('2');
  await phone.screenshot({ path: `${shots}/dashboard-390.png` });
  await phone.getByText('Messages per day, in numbers').click();
  await phone.locator('section.stats').evaluate((e) => e.scrollTo(0, 420));
  await phone.screenshot({ path: `${shots}/dashboard-390-table.png` });
  await bottom(phone);
  await phone.screenshot({ path: `${shots}/dashboard-390-bottom.png` });
  // Nothing wider than the phone.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The platform console: platform-wide figures for operators.
  const consoleContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await signInByApi(consoleContext.request, operatorPhone);
  const operator = await consoleContext.newPage();
  await operator.goto('/admin/stats');
  await waitReady(operator);
  await expect(operator.getByRole('heading', { level: 1, name: 'Platform figures' })).toBeVisible();
  await expect(operator.getByTestId('platform-unverified')).not.toHaveText('0');
  // Shown with the locale's grouping ("3,590"): other specs on this server add thousands.
  const platformMessages = await operator.getByTestId('platform-messages').textContent();
  expect(Number(platformMessages!.replace(/\D/g, ''))).toBeGreaterThan(1);
  await expect(operator.getByRole('img', { name: /Messages per day/ })).toBeVisible();
  await operator.screenshot({ path: `${shots}/console-390.png`, fullPage: true });
  await operator.setViewportSize({ width: 1280, height: 800 });
  await operator.screenshot({ path: `${shots}/console-1280.png`, fullPage: true });
  await consoleContext.close();

  await phoneContext.close();
  await personContext.close();
  await shopContext.close();
});
