/**
 * Journey (issue 5): a person decides who may write. With business messages off, a shop's
 * template is refused — the shop's app says why and the person never sees it; replying STOP
 * opts out of that shop: the platform confirms it in the chat and the opt-in is off.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
} from './support.ts';

async function sendTemplate(shop: Page, name: string): Promise<void> {
  await shop.getByRole('button', { name: 'Use a template' }).click();
  await shop.getByLabel('Template', { exact: true }).selectOption('order_ready');
  await shop.getByLabel('name', { exact: true }).fill(name);
  await shop.getByRole('button', { name: 'Send template' }).click();
}

test('business messages off and STOP keep a shop out', async ({ page: shop, browser }) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Librería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);
  const published = await shop.request.post('/api/business/templates', {
    headers: { 'x-souk-app': 'business' },
    data: {
      name: 'order_ready',
      category: 'utility',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hi {{name}}, your order is ready.' } },
    },
  });
  expect(published.ok()).toBe(true);

  // A person finds the shop, opts in to its updates and opens a chat without writing.
  const person = await (await browser.newContext()).newPage();
  await signInThroughUi(person, uniquePhone());
  await person.getByRole('link', { name: 'Businesses' }).click();
  await person.getByLabel('Name').fill(shopName);
  await person.getByRole('button', { name: 'Search' }).click();
  await person
    .getByRole('list', { name: 'Businesses found' })
    .getByRole('link', { name: new RegExp(shopName) })
    .click();
  await person.getByRole('switch', { name: 'Receive updates' }).check();
  await person.getByRole('button', { name: 'Message' }).click();
  await expect(person.getByRole('main').getByRole('heading', { level: 2 })).toContainText(shopName);

  // Opted in: the shop's template arrives.
  await shop.reload();
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  await sendTemplate(shop, 'Ana');
  await expect(person.getByRole('main').getByText('Hi Ana, your order is ready.')).toBeVisible();

  // Business messages off: refused, explained to the shop, never shown to the person.
  const chatUrl = person.url();
  await person.getByRole('link', { name: 'Settings' }).click();
  await person.getByRole('switch', { name: /Business messages/ }).uncheck();
  await person.goto(chatUrl);
  await sendTemplate(shop, 'Luis');
  await expect(shop.getByRole('alert')).toContainText(
    'This person has turned off business messages.',
  );
  await expect(shop.getByText('Hi Luis, your order is ready.')).toHaveCount(0);
  await expect(person.getByText('Hi Luis, your order is ready.')).toHaveCount(0);

  // Back on, the person replies STOP: the platform confirms, and the shop is refused again.
  await person.getByRole('link', { name: 'Settings' }).click();
  await person.getByRole('switch', { name: /Business messages/ }).check();
  await person.goto(chatUrl);
  await person.getByLabel('Message').fill('STOP');
  await person.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(
    person
      .getByRole('main')
      .getByText(`You will no longer receive updates from ${shopName}.`, { exact: false }),
  ).toBeVisible();
  // The choice is the person's own: their opt-in for this shop is off now.
  await person.getByRole('link', { name: 'Businesses' }).click();
  await person.getByLabel('Name').fill(shopName);
  await person.getByRole('button', { name: 'Search' }).click();
  await person
    .getByRole('list', { name: 'Businesses found' })
    .getByRole('link', { name: new RegExp(shopName) })
    .click();
  await expect(person.getByRole('switch', { name: 'Receive updates' })).not.toBeChecked();
  await person.context().close();
});
