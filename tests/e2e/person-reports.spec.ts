/**
 * Journey (issue 18): a person reports another from their profile, opened from the chat's
 * header, with a reason from the list; the console lists the report with that reason.
 */
import { expect, test } from '@playwright/test';
import { operatorPhone, signInByApi, signInThroughUi, uniquePhone, waitReady } from './support.ts';

test('a person reports another from their profile; the console lists it with its reason', async ({
  browser,
}) => {
  const bobPhone = uniquePhone();
  const bob = await browser.newContext();
  await signInByApi(bob.request, bobPhone);
  const aliceContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  await signInThroughUi(alice, uniquePhone());
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('Hola');
  await alice.getByRole('button', { name: 'Send' }).click();

  await alice.getByRole('main').locator('header').getByRole('link', { name: bobPhone }).click();
  await alice.getByRole('button', { name: 'Report' }).click();
  await alice.getByRole('radio', { name: 'Harassment' }).check();
  await alice.getByRole('button', { name: 'Send report' }).click();
  await expect(alice.getByRole('status').filter({ hasText: 'Report sent' })).toBeVisible();

  const operator = await browser.newContext();
  await signInByApi(operator.request, operatorPhone);
  const console = await operator.newPage();
  await console.goto('/admin/reports');
  await waitReady(console);
  const listed = console
    .getByRole('listitem')
    .filter({ has: console.getByRole('heading', { level: 3, name: bobPhone }) });
  await expect(listed).toHaveAttribute('data-reason', 'harassment');
  await expect(listed).toContainText('Harassment');
  await Promise.all([bob.close(), aliceContext.close(), operator.close()]);
});
