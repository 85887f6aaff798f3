/**
 * Journey (issue 12): refused means kept, not wiped. A person blocks a shop and writes to it
 * anyway: the server refuses (`blocked_recipient`), and the messages stay in the chat, in place,
 * as not sent with the reason; they survive a reload. Delete drops one; once the shop is unblocked,
 * Retry sends the other as a new message, which the shop receives. What is typed but not sent
 * stays in the composer across a reload.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  openShopPage,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
  waitReady,
} from './support.ts';

const notSent = 'Not sent. You blocked this contact. Unblock it to send a message.';
/** The tick of a message the server stored (the shop's app may have received it already). */
const stored = /^(Sent|Delivered|Read)$/;

async function send(person: Page, text: string): Promise<void> {
  await person.getByLabel('Message').fill(text);
  await person.getByRole('button', { name: 'Send', exact: true }).click();
}

test('a refused message stays as not sent, with Retry and Delete; drafts survive a reload', async ({
  page: shop,
  browser,
}) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Ferretería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);

  const context = await browser.newContext();
  const person = await context.newPage();
  await signInThroughUi(person, uniquePhone());
  await openShopPage(person, shopName);
  await person.getByRole('button', { name: 'Message' }).click();
  const chat = person.getByRole('main');
  await send(person, 'Do you sell nails?');
  const delivered = chat.getByRole('listitem').filter({ hasText: 'Do you sell nails?' });
  await expect(delivered.getByLabel(stored)).toBeVisible();
  const chatUrl = person.url();

  // Blocked by the person, the shop may not be written to: both messages are refused.
  await openShopPage(person, shopName);
  await person.getByRole('button', { name: 'Block' }).click();
  await person.getByRole('dialog').getByRole('button', { name: 'Block' }).click();
  await expect(person.getByRole('button', { name: 'Unblock' })).toBeVisible();
  await person.goto(chatUrl);
  await waitReady(person);
  await send(person, 'Hello?');
  const first = chat.locator('li.unsent').filter({ hasText: 'Hello?' });
  await expect(first).toContainText(notSent);
  await send(person, 'Anyone there?');
  const second = chat.locator('li.unsent').filter({ hasText: 'Anyone there?' });
  await expect(second).toContainText(notSent);
  await expect(chat.getByRole('listitem').filter({ hasText: 'Hello?' })).toHaveCount(1);

  // A draft, then a reload: the refused messages and the draft are still there.
  await person.getByLabel('Message').fill('half a thought');
  await expect(person.locator('textarea[data-draft-saved="true"]')).toHaveCount(1);
  await person.reload();
  await waitReady(person);
  await expect(first).toContainText(notSent);
  await expect(second).toContainText(notSent);
  await expect(chat.getByText('Do you sell nails?')).toBeVisible();
  await expect(person.getByLabel('Message')).toHaveValue('half a thought');

  // Delete drops one for good.
  await second.getByRole('button', { name: 'Delete' }).click();
  await expect(second).toHaveCount(0);

  // Unblocked, Retry sends the other as a new message; the shop receives it.
  await openShopPage(person, shopName);
  await person.getByRole('button', { name: 'Unblock' }).click();
  await expect(person.getByRole('button', { name: 'Block' })).toBeVisible();
  await person.goto(chatUrl);
  await waitReady(person);
  await first.getByRole('button', { name: 'Retry' }).click();
  await expect(first).toHaveCount(0);
  const retried = chat.getByRole('listitem').filter({ hasText: 'Hello?' });
  await expect(retried.getByLabel(stored)).toBeVisible();
  await expect(chat.getByText('Anyone there?')).toHaveCount(0);
  await person.reload();
  await waitReady(person);
  await expect(chat.getByRole('listitem').filter({ hasText: 'Hello?' })).toHaveCount(1);
  await expect(chat.locator('li.unsent')).toHaveCount(0);

  await shop.reload();
  await waitReady(shop);
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  await expect(shop.getByRole('main').getByText('Hello?')).toBeVisible();
  await expect(shop.getByRole('main').getByText('Anyone there?')).toHaveCount(0);
  await context.close();
});
