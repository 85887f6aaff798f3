/**
 * Journey: two people chat; one goes offline, both write, the offline one reloads the page while
 * offline and still sees the history and the queued message; back online, both converge with
 * the right ticks.
 */
import { expect, test } from '@playwright/test';
import { signInThroughUi, uniquePhone, waitOfflineReady, waitReady } from './support.ts';

test('two people chat, one of them offline for a while, and nothing is lost', async ({
  browser,
}) => {
  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  const bob = await bobContext.newPage();
  const alicePhone = uniquePhone();
  const bobPhone = uniquePhone();
  await signInThroughUi(alice, alicePhone);
  await signInThroughUi(bob, bobPhone);

  // Alice starts the chat and writes.
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('Hola Bob');
  await alice.getByRole('button', { name: 'Send' }).click();
  const aliceFirst = alice.getByRole('main').getByRole('listitem').filter({ hasText: 'Hola Bob' });
  await expect(aliceFirst.getByLabel(/^(Sent|Delivered|Read)$/)).toBeVisible();

  // Bob sees the new chat with an unread message, opens it: Alice's tick turns blue.
  const chatWithAlice = bob.getByRole('link', { name: new RegExp(alicePhone.replace('+', '\\+')) });
  await expect(chatWithAlice).toContainText('Hola Bob');
  await chatWithAlice.click();
  await expect(bob.getByRole('main').getByText('Hola Bob')).toBeVisible();
  await expect(aliceFirst.getByLabel('Read')).toBeVisible();

  // Bob loses the signal. Both write.
  await waitOfflineReady(bob);
  await bobContext.setOffline(true);
  await expect(bob.getByRole('status')).toContainText(/offline/i);
  await bob.getByLabel('Message').fill('Sin señal aquí');
  await bob.getByRole('button', { name: 'Send' }).click();
  const bobQueued = bob
    .getByRole('main')
    .getByRole('listitem')
    .filter({ hasText: 'Sin señal aquí' });
  await expect(bobQueued.getByLabel('Pending')).toBeVisible();
  await alice.getByLabel('Message').fill('¿Estás ahí?');
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(
    alice
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: '¿Estás ahí?' })
      .getByLabel('Sent'),
  ).toBeVisible();

  // Bob reloads while offline: the app opens from the service worker with history and queue.
  await bob.reload();
  await waitReady(bob);
  await expect(bob.getByRole('main').getByText('Hola Bob')).toBeVisible();
  await expect(
    bob
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: 'Sin señal aquí' })
      .getByLabel('Pending'),
  ).toBeVisible();

  // Back online: the queued message goes out, Bob gets Alice's, ticks converge. Alice has the
  // chat open, so Bob's message is read as it arrives: its final tick is Read.
  await bobContext.setOffline(false);
  await expect(bob.getByRole('main').getByText('¿Estás ahí?')).toBeVisible({ timeout: 20_000 });
  await expect(
    bob
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: 'Sin señal aquí' })
      .getByLabel('Read', { exact: true }),
  ).toBeVisible({ timeout: 20_000 });
  await expect(alice.getByRole('main').getByText('Sin señal aquí')).toBeVisible();
  await expect(
    alice
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: '¿Estás ahí?' })
      .getByLabel('Read'),
  ).toBeVisible();
  await expect(bob.getByRole('status')).toContainText(/online/i);

  await aliceContext.close();
  await bobContext.close();
});
