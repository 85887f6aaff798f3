/**
 * Journey (issue 5, items 4 and 6): a shop sets up its inbox tools — a greeting, a quick reply, a
 * custom label — and two customers write. Offline, the shop labels a chat, writes a private note,
 * picks a quick reply with `/` and the keyboard, and filters the inbox by label; all of it
 * survives a reload without signal and reaches the shop's other device once back online. The
 * customers get the greeting and the reply, never the labels or the note. Search finds a chat by
 * a word of its messages.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

const shots = '/tmp/shots-inbox';
const greeting = 'Welcome to Panadería Sol! We reply within the hour.';
const reply = 'Thank you for your order! It will be ready at 5 pm.';

async function registerShop(page: Page, phone: string, name: string): Promise<string> {
  await signInThroughUi(page, phone, '/business');
  await page.getByLabel('I have read and accept both documents.').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await page.getByLabel('Business name').fill(name);
  await page.getByLabel('Category').selectOption('food');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Inbox' })).toBeVisible();
  const me = await page.request.get('/api/me', { headers: { 'x-souk-app': 'business' } });
  return ((await me.json()) as { id: string }).id;
}

/** A customer who opens a chat with the shop and writes `text`. */
async function customerWrites(browser: Browser, businessId: string, text: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const phone = uniquePhone();
  await signInThroughUi(page, phone);
  const started = await page.request.post('/api/chats', {
    headers: { 'x-souk-app': 'personal' },
    data: { businessId },
  });
  expect(started.ok()).toBe(true);
  const { doc } = (await started.json()) as { doc: string };
  await page.goto(`/chat/${doc.slice('conv:'.length)}`);
  await waitReady(page);
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('main').getByText(text)).toBeVisible();
  return { context, page, phone };
}

test('inbox tools: labels, notes and quick replies offline, label filter, search', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const shopContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const shop = await shopContext.newPage();
  await ensureTermsPublished(shop.request);
  const shopPhone = uniquePhone();
  const businessId = await registerShop(
    shop,
    shopPhone,
    `Panadería ${String(Date.now()).slice(-4)}`,
  );

  // Settings: the greeting, a quick reply.
  await shop.getByRole('link', { name: 'Settings' }).click();
  await expect(shop.getByRole('heading', { name: 'Inbox tools' })).toBeVisible();
  await shop.getByRole('switch', { name: /Send a greeting/ }).check();
  await shop.getByLabel('Greeting text').fill(greeting);
  await shop.getByRole('button', { name: 'Save messages' }).click();
  await expect(shop.getByText('Saved.')).toBeVisible();
  await shop.getByLabel('Shortcut').fill('thanks');
  await shop.getByLabel('Text', { exact: true }).fill(reply);
  await shop.getByRole('button', { name: 'Add quick reply' }).click();
  await expect(shop.getByText('/thanks')).toBeVisible();

  // Two customers write; the first gets the greeting from the server.
  const ana = await customerWrites(browser, businessId, 'Hello! Two loaves of rye, please.');
  await expect(ana.page.getByRole('main').getByText(greeting)).toBeVisible();
  const luis = await customerWrites(browser, businessId, 'Do you bake croissants on Sundays?');
  const anaRow = shop.getByRole('link', { name: new RegExp(ana.phone.replace('+', '\\+')) });
  const luisRow = shop.getByRole('link', { name: new RegExp(luis.phone.replace('+', '\\+')) });
  await expect(anaRow).toBeVisible();
  await expect(luisRow).toBeVisible();

  // No signal: a new label, labels on Ana's chat, a note, a quick reply.
  await waitOfflineReady(shop);
  await shopContext.setOffline(true);
  await expect(shop.getByRole('status').first()).toContainText(/offline/i);
  await shop.getByLabel('New label').fill('VIP');
  await shop.getByRole('radio', { name: 'Purple' }).check();
  await shop.getByRole('button', { name: 'Add label' }).click();
  await expect(shop.locator('#inbox-labels').getByText('VIP', { exact: true })).toBeVisible();
  await shop.screenshot({ path: `${shots}/settings-1280.png`, fullPage: true });

  await anaRow.click();
  const tools = shop.getByRole('banner').last();
  await shop.getByRole('button', { name: 'Labels' }).click();
  await shop.getByRole('checkbox', { name: 'Paid' }).check();
  await shop.getByRole('checkbox', { name: 'VIP' }).check();
  await expect(anaRow).toContainText('Paid');
  await expect(anaRow).toContainText('VIP');
  await shop.screenshot({ path: `${shots}/labels-1280.png` });
  await shop.getByRole('button', { name: /^Note/ }).click();
  await shop.getByLabel('Note about this customer').fill('Allergic to nuts; pays on pickup.');
  await shop.getByRole('button', { name: 'Save note' }).click();
  await expect(shop.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await shop.screenshot({ path: `${shots}/note-1280.png` });
  await shop.keyboard.press('Escape');
  void tools;

  const composer = shop.getByLabel('Message');
  await composer.fill('');
  await composer.pressSequentially('/th');
  const options = shop.getByRole('listbox', { name: 'Quick replies' });
  await expect(options.getByRole('option')).toHaveText([/\/thanks/]);
  await shop.screenshot({ path: `${shots}/quick-replies-1280.png` });
  await composer.press('Enter');
  await expect(composer).toHaveValue(reply);
  await expect(options).toBeHidden();
  await composer.press('Enter');
  await expect(
    shop.getByRole('main').getByRole('listitem').filter({ hasText: reply }).getByLabel('Pending'),
  ).toBeVisible();
  // Escape closes the list and leaves the text as typed.
  await composer.pressSequentially('/nothing');
  await expect(shop.getByText('No quick reply matches.')).toBeVisible();
  await composer.press('Escape');
  await expect(shop.getByText('No quick reply matches.')).toBeHidden();
  await expect(composer).toHaveValue('/nothing');
  await composer.fill('');

  // Filter by label, still offline, across a reload without signal.
  await shop.reload();
  await waitReady(shop);
  await expect(anaRow).toContainText('VIP');
  const filters = shop.getByRole('group', { name: 'Filter by label' });
  await filters.getByRole('button', { name: 'VIP' }).click();
  await expect(anaRow).toBeVisible();
  await expect(luisRow).toBeHidden();
  await filters.getByRole('button', { name: 'New order' }).click();
  await expect(anaRow).toBeHidden();
  await expect(shop.getByText('No chats match.')).toBeVisible();
  await filters.getByRole('button', { name: 'All' }).click();
  await expect(luisRow).toBeVisible();

  // Back online: the reply goes out; the shop's other device receives labels and note.
  await shopContext.setOffline(false);
  await expect(ana.page.getByRole('main').getByText(reply)).toBeVisible({ timeout: 20_000 });
  const otherDevice = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await signInByApi(otherDevice.request, shopPhone, 'business');
  const phone = await otherDevice.newPage();
  await phone.goto('/business');
  await waitReady(phone);
  const anaOnPhone = phone.getByRole('link', { name: new RegExp(ana.phone.replace('+', '\\+')) });
  await expect(anaOnPhone).toContainText('VIP', { timeout: 20_000 });
  await expect(anaOnPhone).toContainText('Paid');
  await phone.screenshot({ path: `${shots}/inbox-390.png` });
  await anaOnPhone.click();
  await phone.getByRole('button', { name: /^Note/ }).click();
  await expect(phone.getByLabel('Note about this customer')).toHaveValue(
    'Allergic to nuts; pays on pickup.',
  );
  await phone.screenshot({ path: `${shots}/note-390.png` });
  await phone.getByRole('button', { name: 'Close' }).click();
  await phone.getByLabel('Message').pressSequentially('/');
  await expect(phone.getByRole('option')).toHaveCount(1);
  await phone.screenshot({ path: `${shots}/quick-replies-390.png` });

  // A chat fills a phone (no tab bar): back to the inbox, then to the settings tab.
  await phone.getByRole('link', { name: 'Back to chats' }).click();
  await phone.getByRole('link', { name: 'Settings' }).click();
  await phone.locator('#inbox-labels').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${shots}/settings-labels-390.png` });
  // A preset label recoloured keeps its name; a custom one is renamed.
  await phone.getByRole('button', { name: 'Edit label Paid' }).click();
  await phone.locator('#inbox-labels form').first().getByRole('radio', { name: 'Red' }).check();
  await phone.getByRole('button', { name: 'Save', exact: true }).click();
  await phone.getByRole('button', { name: 'Edit label VIP' }).click();
  await phone.getByLabel('Label name', { exact: true }).first().fill('VIP client');
  await phone.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(phone.locator('#inbox-labels').getByText('VIP client')).toBeVisible();
  await expect(phone.locator('#inbox-labels').getByText('Paid', { exact: true })).toBeVisible();
  await phone.locator('#inbox-auto-replies').scrollIntoViewIfNeeded();
  await phone.screenshot({ path: `${shots}/settings-auto-390.png` });

  // The customer never sees the business's labels or notes.
  await expect(ana.page.getByText('Allergic to nuts')).toHaveCount(0);
  await expect(ana.page.getByText('VIP', { exact: true })).toHaveCount(0);

  // Search across chats: by a word of a message.
  await shop.getByRole('searchbox', { name: 'Search the inbox' }).fill('croissants');
  await expect(luisRow).toBeVisible();
  await expect(anaRow).toBeHidden();
  await expect(
    shop
      .getByRole('region', { name: 'Search results' })
      .getByText('Do you bake croissants on Sundays?'),
  ).toBeVisible();
  // The results follow new messages while the search is open.
  await luis.page.getByLabel('Message').fill('Also croissants for four, please.');
  await luis.page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(
    shop.getByRole('region', { name: 'Search results' }).getByText('Also croissants for four'),
  ).toBeVisible();
  await shop.screenshot({ path: `${shots}/search-1280.png` });
  await shop.getByRole('searchbox', { name: 'Search the inbox' }).fill('');
  await expect(anaRow).toBeVisible();

  await Promise.all([shopContext, otherDevice, ana.context, luis.context].map((c) => c.close()));
});
