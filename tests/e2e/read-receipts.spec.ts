/**
 * Journey: a person turns read receipts off (offline, even); the sender then sees ✓✓ delivered
 * but never the blue ✓✓ read.
 */
import { expect, test } from '@playwright/test';
import { signInThroughUi, uniquePhone, waitOfflineReady } from './support.ts';

test('with read receipts off, the sender sees delivered, not read', async ({ browser }) => {
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  const alicePhone = uniquePhone();
  const bobPhone = uniquePhone();
  await signInThroughUi(alice, alicePhone);
  await signInThroughUi(bob, bobPhone);

  // Bob turns read receipts off while offline; it applies when he reconnects. The signal goes
  // once the app is installed (its worker holds every screen): before that, a screen whose code
  // is still on its way cannot open offline.
  await waitOfflineReady(bob);
  await bob.getByRole('link', { name: 'Settings' }).click();
  await bobContext.setOffline(true);
  const receipts = bob.getByRole('switch', { name: /Read receipts/ });
  await expect(receipts).toBeChecked();
  await receipts.uncheck();
  await bobContext.setOffline(false);
  await bob.getByRole('link', { name: 'Souk', exact: true }).click();

  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('¿Me lees?');
  await alice.getByRole('button', { name: 'Send' }).click();

  await bob.getByRole('link', { name: new RegExp(alicePhone.replace('+', '\\+')) }).click();
  await expect(bob.getByRole('main').getByText('¿Me lees?')).toBeVisible();
  const tick = alice.getByRole('main').getByRole('listitem').filter({ hasText: '¿Me lees?' });
  await expect(tick.getByLabel('Delivered')).toBeVisible();
  // Bob answers in the same chat, after reading: his answer travels behind any receipt his app
  // raised on opening the chat, so once Alice has it, a "read" would be on her screen too.
  await bob.getByLabel('Message').fill('Sí, te leo.');
  await bob.getByRole('button', { name: 'Send' }).click();
  await expect(alice.getByRole('main').getByText('Sí, te leo.')).toBeVisible();
  await expect(tick.getByLabel('Delivered')).toBeVisible();
  await expect(tick.getByLabel('Read')).toHaveCount(0);

  await aliceContext.close();
  await bobContext.close();
});
