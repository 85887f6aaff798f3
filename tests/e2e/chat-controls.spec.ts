/**
 * Chat controls (issue 18, item 3) in real Chromium: pin, mute and archive from the chat list;
 * all three survive a reload offline (they live in the person's preferences document on the
 * device) and reach the person's other device once online.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

const chatRow = (page: Page, phone: string) =>
  page.getByRole('navigation').getByRole('link', { name: new RegExp(phone.replace('+', '\\+')) });

async function chatWith(page: Page, phone: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Start chat' }).click();
  // The new chat is open (its row is the current page) before anything is typed into it.
  await expect(chatRow(page, phone)).toHaveAttribute('aria-current', 'page');
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(chatRow(page, phone)).toContainText(text);
}

async function control(page: Page, phone: string, action: string): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^Options for ${phone.replace('+', '\\+')}`) })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: action }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('pin, mute and archive survive a reload offline and reach the other device', async ({
  browser,
}) => {
  const [me, bob, carol, dan] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
  const others = await browser.newContext();
  for (const phone of [bob, carol, dan]) await signInByApi(others.request, phone);
  await others.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughUi(page, me);
  await chatWith(page, bob, 'Hola Bob');
  await chatWith(page, carol, 'Hola Carol');
  await chatWith(page, dan, 'Hola Dan');

  // Bob's chat is the oldest; pinned, it goes first.
  await control(page, bob, 'Pin to the top');
  await expect(chatRow(page, bob)).toContainText('Pinned');
  await expect(page.getByRole('navigation').getByRole('listitem').first()).toContainText(bob);
  await control(page, bob, 'Mute for 8 hours');
  await expect(chatRow(page, bob)).toContainText('Muted');
  await control(page, carol, 'Archive');
  await expect(chatRow(page, carol)).toHaveCount(0);
  const archived = page.getByRole('button', { name: 'Archived (1)' });
  await expect(archived).toBeVisible();

  const expectKept = async (device: Page) => {
    await expect(chatRow(device, bob)).toContainText('Pinned');
    await expect(chatRow(device, bob)).toContainText('Muted');
    await expect(device.getByRole('navigation').getByRole('listitem').first()).toContainText(bob);
    await expect(chatRow(device, carol)).toHaveCount(0);
    await device.getByRole('button', { name: 'Archived (1)' }).click();
    await expect(chatRow(device, carol)).toBeVisible();
    await device.getByRole('button', { name: 'Back to chats' }).click();
  };

  await waitOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await expectKept(page);
  await context.setOffline(false);

  const laptop = await browser.newContext();
  const other = await laptop.newPage();
  await signInThroughUi(other, me);
  await expectKept(other);
  await laptop.close();
  await context.close();
});
