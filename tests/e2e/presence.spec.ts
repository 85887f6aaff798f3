/**
 * Journey (issue 18, item 2): presence in real Chromium. Two people in a chat see each other
 * online and typing; when one goes, the other sees when they were last seen. A person who turns
 * "Last seen" off in Settings sees no one's, and no one sees theirs.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInThroughUi, uniquePhone } from './support.ts';

const presence = (page: Page) => page.locator('[data-presence]');
const rowOf = (page: Page, phone: string) =>
  page
    .getByRole('navigation', { name: 'Chats' })
    .getByRole('link', { name: new RegExp(phone.replace('+', '\\+')) });

/** `phone` signed in on a browser of their own, in the chat with `other`. */
async function inChat(browser: Browser, phone: string, other: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughUi(page, phone);
  await rowOf(page, other).click();
  await expect(page.locator('#chat-title')).toContainText(other);
  return { context, page };
}

test('two people see each other online, typing and last seen; hiding it works both ways', async ({
  browser,
}) => {
  const [alicePhone, bobPhone] = [uniquePhone(), uniquePhone()];
  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signInThroughUi(bob, bobPhone);
  const aliceContext = await browser.newContext();
  const alice = await aliceContext.newPage();
  await signInThroughUi(alice, alicePhone);
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('Hola Bob');
  await alice.getByRole('button', { name: 'Send' }).click();
  await rowOf(bob, alicePhone).click();
  await expect(bob.getByRole('main').getByText('Hola Bob')).toBeVisible();

  await expect(presence(bob)).toHaveText('online');
  await expect(presence(alice)).toHaveText('online');
  await alice.getByLabel('Message').pressSequentially('¿Qué tal');
  await expect(presence(bob)).toHaveText('typing…');
  await expect(presence(alice)).toHaveText('online'); // her own typing is not shown to her
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(presence(bob)).toHaveText('online');

  await aliceContext.close();
  await expect(presence(bob)).toHaveText(/^last seen today at \d/);

  // Bob hides his last seen: Alice's goes from his screen at once.
  await bob.getByRole('link', { name: 'Settings' }).click();
  const lastSeen = bob.getByRole('switch', { name: /Last seen/ });
  await expect(lastSeen).toBeChecked();
  await lastSeen.uncheck();
  await bob.goBack();
  await expect(bob.locator('#chat-title')).toContainText(alicePhone);
  await expect(presence(bob)).toHaveAttribute('data-presence', 'away');
  await expect(presence(bob)).toHaveText('');

  // Alice is back: both see the other online; then Bob goes, and she sees no last seen of his.
  const again = await inChat(browser, alicePhone, bobPhone);
  await expect(presence(again.page)).toHaveText('online');
  await expect(presence(bob)).toHaveText('online');
  await bobContext.close();
  await expect(presence(again.page)).toHaveAttribute('data-presence', 'away');
  await expect(presence(again.page)).toHaveText('');
  await again.context.close();
});
