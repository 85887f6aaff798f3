/**
 * Journey (issue 15): both apps work by keyboard alone. A person and a business sign in, open a
 * chat from the list (the focus lands on its heading), write a message and send it with Enter, and
 * open a dialog that keeps Tab inside it and closes on Escape, giving the focus back to the button
 * that opened it. Every step in the app is a key press (page.keyboard); only the setup (accounts,
 * the first chat) goes through the API.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  registerBusinessByApi,
  signInByApi,
  uniquePhone,
  uniqueTag,
  waitReady,
} from './support.ts';

/** Presses Tab until `target` has the focus (a journey that cannot reach it fails here). */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function signInByKeyboard(page: Page, phone: string, path: string): Promise<void> {
  await page.goto(path);
  await waitReady(page);
  // The first stop is the skip link.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await tabTo(page, page.getByLabel('Phone number'));
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  const code = page.getByLabel('Code');
  await expect(code).toBeVisible();
  await tabTo(page, code);
  await page.keyboard.type(await latestCode(page.request, phone));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
}

/** Opens the chat at `href` from the list and writes `text` in it, by keyboard. */
async function openAndWrite(page: Page, href: string, text: string): Promise<void> {
  const row = page.locator(`a[href="${href}"]`);
  await expect(row).toBeVisible();
  await tabTo(page, row);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  // An opened chat takes the focus at its heading.
  await expect(page.locator('#chat-title')).toBeFocused();
  await tabTo(page, page.getByLabel('Message'));
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main').getByRole('listitem').last()).toContainText(text);
}

/** Opens a dialog from `opener`, checks Tab stays inside it, closes it with Escape. */
async function dialogByKeyboard(page: Page, opener: Locator, name: string): Promise<void> {
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  const inside = () => dialog.evaluate((el) => el.contains(document.activeElement));
  await expect.poll(inside).toBe(true);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await inside(), `Tab ${i + 1} left the dialog`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

async function startChat(browser: Browser, from: string, data: object): Promise<string> {
  const context = await browser.newContext();
  await signInByApi(context.request, from);
  const response = await context.request.post('/api/chats', {
    headers: { 'x-souk-app': 'personal' },
    data,
  });
  expect(response.ok()).toBe(true);
  const { doc } = (await response.json()) as { doc: string };
  await context.close();
  return `/chat/${doc.slice('conv:'.length)}`;
}

test('a person signs in, opens a chat, writes and uses a dialog by keyboard alone', async ({
  page,
  browser,
}) => {
  const phone = uniquePhone();
  const friend = uniquePhone();
  const friendContext = await browser.newContext();
  await signInByApi(friendContext.request, friend);
  await friendContext.close();
  const chat = await startChat(browser, phone, { phone: friend });

  await signInByKeyboard(page, phone, '/');
  await openAndWrite(page, chat, 'Written with the keyboard alone');
  // A message's menu opens from its "more" button (issue 17).
  const more = page.getByRole('main').getByRole('button', { name: 'More actions' }).last();
  await dialogByKeyboard(page, more, 'Choose an action');
  await dialogByKeyboard(page, page.getByRole('button', { name: 'New chat' }), 'New chat');
  // A chat's everyday controls (pin, mute, archive), from its row in the list.
  const options = page
    .getByRole('navigation', { name: 'Chats' })
    .getByRole('button', { name: `Options for ${friend}` });
  await dialogByKeyboard(page, options, friend);
});

test('a business signs in, opens a customer chat, replies and uses a dialog by keyboard alone', async ({
  page,
  browser,
  request,
}) => {
  // Run on its own, this journey publishes the terms a business must accept.
  await ensureTermsPublished(request);
  const shopPhone = uniquePhone();
  const shopContext = await browser.newContext();
  await registerBusinessByApi(shopContext.request, `Keys ${uniqueTag()}`, shopPhone);
  const shopId = (
    (await (
      await shopContext.request.get('/api/me', { headers: { 'x-souk-app': 'business' } })
    ).json()) as { id: string }
  ).id;
  await shopContext.close();

  // A customer writes first (setup, with the mouse-free API for the chat and one typed message).
  const customer = uniquePhone();
  const chat = await startChat(browser, customer, { businessId: shopId });
  const customerContext = await browser.newContext();
  await signInByApi(customerContext.request, customer);
  const customerPage = await customerContext.newPage();
  await customerPage.goto(chat);
  await waitReady(customerPage);
  await customerPage.getByLabel('Message').fill('Do you open on Sunday?');
  await customerPage.getByLabel('Message').press('Enter');
  await expect(customerPage.getByRole('main').getByText('Do you open on Sunday?')).toBeVisible();

  await signInByKeyboard(page, shopPhone, '/business');
  await openAndWrite(page, `/business${chat}`, 'Yes, from ten to two');
  await expect(customerPage.getByRole('main').getByText('Yes, from ten to two')).toBeVisible();
  await dialogByKeyboard(
    page,
    page.getByRole('button', { name: 'Share a location' }),
    'Share a location',
  );
  await customerContext.close();
});
