/**
 * Journey (issue 18, item 3): a person's everyday chat controls in real Chromium. Pin, mute,
 * archive and mark unread from the chat list; all of them survive a reload offline (they live in
 * the person's preferences document on the device) and reach their other device once online. A
 * muted chat's new message counts in no filter chip; an archived chat comes back with a new
 * message. The list is in its order at first paint, before the sync engine loads (the controls
 * are cached on the device), and a mute for 8 hours ends on time.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

const escaped = (phone: string) => phone.replace('+', '\\+');
const list = (page: Page) => page.getByRole('navigation', { name: 'Chats' });
const chatRow = (page: Page, phone: string) =>
  list(page).getByRole('link', { name: new RegExp(escaped(phone)) });
const rows = (page: Page) => list(page).getByRole('listitem');

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
  await list(page)
    .getByRole('button', { name: new RegExp(`^Options for ${escaped(phone)}`) })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: action }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** `from` (signed in on a browser of their own) writes `text` in the chat at `href`. */
async function write(browser: Browser, from: string, href: string, text: string): Promise<void> {
  const context = await browser.newContext();
  await signInByApi(context.request, from);
  const page = await context.newPage();
  await page.goto(href);
  await waitReady(page);
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('main').getByRole('listitem').last()).toContainText(text);
  // On the server (✓) before this browser goes.
  await expect(
    page
      .getByRole('main')
      .getByLabel(/^(Sent|Delivered|Read)$/)
      .last(),
  ).toBeVisible();
  await context.close();
}

/** A name only the sync engine's chunk holds (as in offline-start.spec.ts). */
const engineMarker = 'reprojectChatsWith';

/** From now on the sync engine's code never arrives on this page. */
async function holdEngine(page: Page): Promise<void> {
  await page.route('**/_app/immutable/chunks/*.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (!body.includes(engineMarker)) return route.fulfill({ response, body });
    await new Promise<never>(() => {}); // held until the page goes
  });
}

test('a mute for 8 hours ends on time: the chat is no longer muted', async ({ browser }) => {
  const [me, bob] = [uniquePhone(), uniquePhone()];
  const others = await browser.newContext();
  await signInByApi(others.request, bob);
  await others.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await signInThroughUi(page, me);
  await chatWith(page, bob, 'Hola Bob');
  await page.goto('/');
  await waitReady(page);
  await control(page, bob, 'Mute for 8 hours');
  await expect(chatRow(page, bob)).toContainText('Muted');
  await page.clock.fastForward('08:00:05');
  await expect(chatRow(page, bob)).not.toContainText('Muted');
  await context.close();
});

test('pin, mute, archive and mark unread survive a reload offline and reach the other device', async ({
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
  const bobChat = (await chatRow(page, bob).getAttribute('href'))!;
  const carolChat = (await chatRow(page, carol).getAttribute('href'))!;
  await page.goto('/');
  await waitReady(page);

  // Bob's chat is the oldest; pinned, it goes first.
  await control(page, bob, 'Pin to the top');
  await expect(chatRow(page, bob)).toContainText('Pinned');
  await expect(rows(page).first()).toContainText(bob);
  await control(page, bob, 'Mute for 8 hours');
  await expect(chatRow(page, bob)).toContainText('Muted');
  await control(page, carol, 'Archive');
  await expect(chatRow(page, carol)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archived (1)' })).toBeVisible();
  await control(page, dan, 'Mark as unread');
  const danUnread = chatRow(page, dan).getByRole('img', { name: 'Marked as unread' });
  await expect(danUnread).toBeVisible();

  const expectKept = async (device: Page) => {
    await expect(chatRow(device, bob)).toContainText('Pinned');
    await expect(chatRow(device, bob)).toContainText('Muted');
    await expect(rows(device).first()).toContainText(bob);
    await expect(chatRow(device, dan).getByRole('img', { name: 'Marked as unread' })).toBeVisible();
    await expect(chatRow(device, carol)).toHaveCount(0);
    await device.getByRole('button', { name: 'Archived (1)' }).click();
    await expect(chatRow(device, carol)).toBeVisible();
    await device.getByRole('button', { name: 'Back to chats' }).click();
    await expect(chatRow(device, carol)).toHaveCount(0);
  };

  await waitOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);
  await expectKept(page);
  await context.setOffline(false);

  // The person's laptop: the same controls, through their preferences document. Reloaded with
  // the sync engine's code held back, its list is in the same order at first paint: the
  // controls are kept on the device, not read from the document first.
  const laptop = await browser.newContext({ serviceWorkers: 'block' });
  const other = await laptop.newPage();
  await signInThroughUi(other, me);
  await expectKept(other);
  await holdEngine(other);
  await other.reload();
  await waitReady(other);
  await expectKept(other);
  await laptop.close();

  // Muted Bob writes: his row counts it, quietly; no filter chip does.
  await write(browser, bob, bobChat, 'Are you there?');
  await expect(chatRow(page, bob)).toContainText('Are you there?');
  await expect(chatRow(page, bob).getByLabel('1 unread')).toBeVisible();
  await expect(page.getByRole('button', { name: 'All', exact: true })).toBeVisible();
  // Archived Carol writes: her chat comes back to the list.
  await write(browser, carol, carolChat, 'Back again');
  await expect(chatRow(page, carol)).toContainText('Back again');
  await expect(page.getByRole('button', { name: /^Archived/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'All 1 unread' })).toBeVisible();
  // Opening Dan's chat reads it: no longer marked unread.
  await chatRow(page, dan).click();
  await expect(page.locator('#chat-title')).toContainText(dan);
  await expect(danUnread).toHaveCount(0);
  await context.close();
});
