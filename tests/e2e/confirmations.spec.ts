/**
 * Journey (issue 15, items 4 and 5): what a person is asked before a choice that is hard to take
 * back, in the shared confirmation dialog — stopping a shop's updates (the same terms as STOP's
 * confirmation), blocking it, signing out another device — each said exactly, clean under axe,
 * and usable by keyboard alone: focus moves into the dialog and stays there, Escape closes it and
 * gives the focus back to what opened it, and nothing changes unless confirmed. A shop that writes
 * to a person who blocked it sees its message kept in the chat, marked not sent, with the reason.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  openShopPage,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
  waitReady,
} from './support.ts';

/** No axe violation of any impact inside the open dialog. */
async function expectAxeClean(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );
}

/** Tabbing forward and back never takes the focus out of the open dialog. */
async function expectFocusTrapped(page: Page, dialog: Locator): Promise<void> {
  const inDialog = () =>
    page.evaluate(() => document.activeElement?.closest('dialog[open]') != null);
  expect(await inDialog()).toBe(true);
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await inDialog(), `after ${key}`).toBe(true);
  }
  await expect(dialog).toBeVisible();
}

test('stop updates, block and sign out a device ask first, say what changes, and work by keyboard', async ({
  page: shop,
  browser,
}) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Quesería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);

  const context = await browser.newContext();
  const person = await context.newPage();
  const phone = uniquePhone();
  await signInThroughUi(person, phone);
  await openShopPage(person, shopName);
  const updates = person.getByRole('switch', { name: 'Receive updates' });
  await updates.check(); // turning updates on asks nothing
  await expect(person.getByRole('dialog')).toHaveCount(0);
  await person.getByRole('button', { name: 'Message' }).click();
  await person.getByLabel('Message').fill('Do you have manchego?');
  await person.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(
    person
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: 'manchego' })
      .getByLabel(/^(Sent|Delivered|Read)$/),
  ).toBeVisible();

  // Stopping updates, by keyboard: the dialog says what stops, what still works, how to undo.
  await openShopPage(person, shopName);
  await updates.focus();
  await person.keyboard.press('Space');
  const stop = person.getByRole('dialog', { name: `Stop updates from ${shopName}?` });
  await expect(stop).toBeVisible();
  await expect(stop).toContainText(
    `${shopName} will no longer be able to send you updates or offers.`,
  );
  await expect(stop).toContainText('for 24 hours after each one');
  await expect(stop).toContainText('reply START in the chat');
  await expect(updates).toBeChecked(); // nothing changed yet
  await expectAxeClean(person);
  await expectFocusTrapped(person, stop);
  await person.keyboard.press('Escape');
  await expect(stop).toBeHidden();
  await expect(updates).toBeFocused();
  await expect(updates).toBeChecked();
  await person.keyboard.press('Space');
  await expect(stop).toBeVisible();
  await stop.getByRole('button', { name: 'Stop updates' }).click();
  await expect(stop).toBeHidden();
  await expect(updates).not.toBeChecked();

  // Blocking: Cancel changes nothing; confirmed, the shop is blocked.
  const block = person.getByRole('button', { name: 'Block', exact: true });
  await block.click();
  const asked = person.getByRole('dialog', { name: `Block ${shopName}?` });
  await expect(asked).toContainText(`${shopName} will not be able to send you anything`);
  await expect(asked).toContainText('choose Unblock');
  await expectAxeClean(person);
  await asked.getByRole('button', { name: 'Cancel' }).click();
  await expect(asked).toBeHidden();
  await expect(block).toBeFocused();
  await block.click();
  await asked.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(person.getByRole('button', { name: 'Unblock' })).toBeVisible();

  // The shop writes anyway: its message stays in its chat, marked not sent, with the reason.
  await shop.reload();
  await waitReady(shop);
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  await shop.getByLabel('Message').fill('We have three kinds!');
  await shop.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(
    shop.getByRole('main').locator('li.unsent').filter({ hasText: 'three kinds' }),
  ).toContainText('Not sent. This contact does not accept messages from you.');

  // Another device of the person's, signed in elsewhere; signing it out asks first.
  const tablet = await browser.newContext();
  const headers = { 'x-souk-app': 'personal' };
  expect((await tablet.request.post('/api/auth/code', { headers, data: { phone } })).ok()).toBe(
    true,
  );
  const code = await latestCode(tablet.request, phone);
  const verified = await tablet.request.post('/api/auth/verify', {
    headers,
    data: { phone, code, device: 'Kitchen tablet' },
  });
  expect(verified.ok()).toBe(true);
  await person.getByRole('link', { name: 'Settings' }).click();
  const row = person.getByRole('listitem').filter({ hasText: 'Kitchen tablet' });
  const signOut = row.getByRole('button', { name: 'Sign out this device' });
  await signOut.click();
  const device = person.getByRole('dialog', { name: 'Sign out Kitchen tablet?' });
  await expect(device).toContainText('it stops receiving messages and cannot send any');
  await expectAxeClean(person);
  await expectFocusTrapped(person, device);
  await person.keyboard.press('Escape');
  await expect(device).toBeHidden();
  await expect(signOut).toBeFocused();
  expect((await tablet.request.get('/api/me', { headers })).ok()).toBe(true);
  await signOut.click();
  await device.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(row).toHaveCount(0);
  expect((await tablet.request.get('/api/me', { headers })).status()).toBe(401);
  await tablet.close();
  await context.close();
});
