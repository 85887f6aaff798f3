/**
 * Journey (issue 5): a person decides who may write. The chat list's filters (All, Private,
 * Businesses) split a friend's chat from the shop's, each with its unread count. With business
 * messages off, the shop's chat leaves All but stays under Businesses, and a shop's template is
 * refused — the shop's app says why and the person never sees it; replying STOP opts out of that
 * shop: the platform confirms it in the chat and the opt-in is off.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  openShopPage,
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

/** A chip of the chat list's filters; its name ends with its unread count, if any. */
function chip(page: Page, label: 'All' | 'Private' | 'Businesses'): Locator {
  return page
    .getByRole('group', { name: 'Filter chats' })
    .getByRole('button', { name: new RegExp(`^${label}( \\d+ unread)?$`) });
}

const phonePattern = (phone: string) => new RegExp(phone.replace('+', '\\+'));

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
  const personPhone = uniquePhone();
  await signInThroughUi(person, personPhone);
  await openShopPage(person, shopName);
  await person.getByRole('switch', { name: 'Receive updates' }).check();
  await person.getByRole('button', { name: 'Message' }).click();
  await expect(person.getByRole('main').getByRole('heading', { level: 2 })).toContainText(shopName);

  // Opted in: the shop's template arrives.
  await shop.reload();
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  await sendTemplate(shop, 'Ana');
  await expect(person.getByRole('main').getByText('Hi Ana, your order is ready.')).toBeVisible();
  const chatUrl = person.url();

  // A friend writes too. The filters split the two chats; the counts follow the unread messages.
  const friend = await (await browser.newContext()).newPage();
  const friendPhone = uniquePhone();
  await signInThroughUi(friend, friendPhone);
  await friend.getByRole('button', { name: 'New chat' }).click();
  await friend.getByLabel('Phone number').fill(personPhone);
  await friend.getByRole('button', { name: 'Start chat' }).click();
  await friend.getByLabel('Message').fill('¿Quedamos mañana?');
  await friend.getByRole('button', { name: 'Send' }).click();
  const chats = person.getByRole('navigation', { name: 'Chats' });
  const friendRow = chats.getByRole('link', { name: phonePattern(friendPhone) });
  const shopRow = chats.getByRole('link', { name: new RegExp(shopName) });
  await expect(friendRow).toContainText('¿Quedamos mañana?');
  await expect(friendRow.getByLabel('1 unread')).toBeVisible();
  await expect(chip(person, 'All')).toHaveAttribute('aria-pressed', 'true');
  await expect(chip(person, 'All')).toHaveAccessibleName('All 1 unread');
  await expect(chip(person, 'Private')).toHaveAccessibleName('Private 1 unread');
  await expect(chip(person, 'Businesses')).toHaveAccessibleName('Businesses');
  await expect(shopRow).toBeVisible();
  await chip(person, 'Private').click();
  await expect(chip(person, 'Private')).toHaveAttribute('aria-pressed', 'true');
  await expect(chip(person, 'All')).toHaveAttribute('aria-pressed', 'false');
  await expect(friendRow).toBeVisible();
  await expect(shopRow).toHaveCount(0);
  await chip(person, 'Businesses').click();
  await expect(shopRow).toBeVisible();
  await expect(friendRow).toHaveCount(0);
  await chip(person, 'All').click();
  await expect(friendRow).toBeVisible();
  await expect(shopRow).toBeVisible();

  // The person reads the friend's message; the shop writes again while its chat is not open.
  await friendRow.click();
  await expect(person.getByRole('main').getByText('¿Quedamos mañana?')).toBeVisible();
  const friendUrl = person.url();
  await sendTemplate(shop, 'Bea');
  await expect(shopRow.getByLabel('1 unread')).toBeVisible();
  await expect(chip(person, 'All')).toHaveAccessibleName('All 1 unread');
  await expect(chip(person, 'Private')).toHaveAccessibleName('Private');
  await expect(chip(person, 'Businesses')).toHaveAccessibleName('Businesses 1 unread');

  // Business messages off: refused, explained to the shop, never shown to the person.
  await person.getByRole('link', { name: 'Settings' }).click();
  await person.getByRole('switch', { name: /Business messages/ }).uncheck();
  // The shop's chat leaves All, with its unread count, and stays under Businesses.
  await person.goto(friendUrl);
  await expect(friendRow).toBeVisible();
  await expect(shopRow).toHaveCount(0);
  await expect(chip(person, 'All')).toHaveAccessibleName('All');
  await expect(chip(person, 'Businesses')).toHaveAccessibleName('Businesses 1 unread');
  await chip(person, 'Businesses').click();
  await expect(shopRow).toBeVisible();
  await expect(shopRow.getByLabel('1 unread')).toBeVisible();
  await expect(friendRow).toHaveCount(0);
  await person.goto(chatUrl);
  await sendTemplate(shop, 'Luis');
  await expect(shop.getByRole('alert')).toContainText(
    'This person has turned off business messages.',
  );
  // Refused means kept: the shop's app shows the template in place as not sent, with the reason.
  await expect(shop.locator('li.unsent')).toContainText('Hi Luis, your order is ready.');
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
      .getByText(`You will no longer receive offers or updates from ${shopName}.`, {
        exact: false,
      }),
  ).toBeVisible();
  // The choice is the person's own: their opt-in for this shop is off now.
  await openShopPage(person, shopName);
  await expect(person.getByRole('switch', { name: 'Receive updates' })).not.toBeChecked();
  await person.context().close();
  await friend.context().close();
});
