/**
 * Hard content for the looks checks (overflow, axe, the screenshot gallery): a person with a chat
 * with a shop and a chat with a friend, holding a long preview, a 2,000-character word and
 * mixed-direction text, seen from the personal app and from the shop's inbox.
 */
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { ensureTermsPublished, signInByApi, uniquePhone, waitReady } from './support.ts';

export const longWord = 'w'.repeat(2000);
export const mixedDirection = 'Order ‏#42: مرحبا بالعالم — שלום עולם — ready at 17:30, thank you!';
export const longPreview =
  'Hello! I would like to order two dozen croissants, a sourdough loaf and a birthday cake for Saturday morning, please.';
/** Long (the 25 characters a name may have), and new on each run: names are unique. */
export const shopName = `Panadería Mediodía ${String(Date.now()).slice(-6)}`;

/** A friend's display name (the longest a name may be) and about line (mixed direction). */
export const friendName = 'Ximena Alejandra Montoya';
export const friendAbout = 'Cerámica los sábados — مرحبا بالعالم — by the old bridge, stall 14.';

export type Looks = {
  /** The person's chat with the shop, and their chat with a friend (paths in the personal app). */
  shopChat: string;
  friendChat: string;
  /** The friend's person id (their page is /contact/<id>). */
  friendId: string;
  /** The shop's account id (its page in the directory is /businesses/<id>). */
  shopId: string;
  /** The shop's link name: its chat link is /c/<handle>. */
  shopHandle: string;
  person: { storageState: Awaited<ReturnType<APIRequestContext['storageState']>> };
  shop: { storageState: Awaited<ReturnType<APIRequestContext['storageState']>> };
};

async function registerShop(request: APIRequestContext): Promise<string> {
  await signInByApi(request, uniquePhone(), 'business');
  const headers = { 'x-souk-app': 'business' };
  const terms = await (await request.get('/api/terms')).json();
  const accept = { tos: terms.tos.version, privacy: terms.privacy.version };
  expect((await request.post('/api/business/terms/accept', { headers, data: accept })).ok()).toBe(
    true,
  );
  const registered = await request.post('/api/business/register', {
    headers,
    data: { name: shopName, category: 'food' },
  });
  expect(registered.ok()).toBe(true);
  return ((await (await request.get('/api/me', { headers })).json()) as { id: string }).id;
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('main').getByRole('listitem').last()).toContainText(
    text.slice(0, 40),
  );
}

export async function seedLooks(browser: Browser): Promise<Looks> {
  const operator = await browser.newContext();
  await ensureTermsPublished(operator.request);
  await operator.close();

  const shopContext = await browser.newContext();
  const shopId = await registerShop(shopContext.request);
  const friendContext = await browser.newContext();
  const friendPhone = uniquePhone();
  await signInByApi(friendContext.request, friendPhone);
  const friendId = ((await (await friendContext.request.get('/api/me')).json()) as { id: string })
    .id;
  const named = await friendContext.request.put('/api/profile', {
    headers: { 'x-souk-app': 'personal' },
    data: { name: friendName, about: friendAbout },
  });
  expect(named.ok(), await named.text()).toBe(true);
  await friendContext.close();

  const personContext = await browser.newContext();
  const personPhone = uniquePhone();
  await signInByApi(personContext.request, personPhone);
  // A second device, so the device list has one to sign out.
  const otherDevice = await browser.newContext();
  await signInByApi(otherDevice.request, personPhone);
  await otherDevice.close();
  const headers = { 'x-souk-app': 'personal' };
  const start = async (data: object) =>
    (
      (await (await personContext.request.post('/api/chats', { headers, data })).json()) as {
        doc: string;
      }
    ).doc.slice('conv:'.length);
  const friendChat = `/chat/${await start({ phone: friendPhone })}`;
  const shopChat = `/chat/${await start({ businessId: shopId })}`;

  const person = await personContext.newPage();
  await person.goto(friendChat);
  await waitReady(person);
  await say(person, mixedDirection);
  await say(person, longWord);
  await person.goto(shopChat);
  await waitReady(person);
  await say(person, 'Good morning!');
  await say(person, longPreview);

  const shop = await shopContext.newPage();
  await shop.goto(`/business${shopChat}`);
  await waitReady(shop);
  await say(shop, mixedDirection);
  await say(shop, 'Of course. Anything else?');
  await expect(person.getByRole('main').getByText('Anything else?')).toBeVisible();

  const link = await shopContext.request.get('/api/business/link', {
    headers: { 'x-souk-app': 'business' },
  });
  const looks: Looks = {
    shopChat,
    friendChat,
    friendId,
    shopId,
    shopHandle: ((await link.json()) as { handle: string }).handle,
    person: { storageState: await personContext.storageState() },
    shop: { storageState: await shopContext.storageState() },
  };
  await personContext.close();
  await shopContext.close();
  return looks;
}

/** What is wider than its box: the page itself, or a list row (empty when the layout holds). */
export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      // Name what sticks out, so a failure says where to look.
      const out = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
        .slice(-3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      found.push(`page ${root.scrollWidth} > ${root.clientWidth}: ${out.join(', ')}`);
    }
    for (const row of document.querySelectorAll<HTMLElement>('li, [role="listitem"]')) {
      if (row.offsetParent === null) continue;
      const box = row.getBoundingClientRect();
      if (row.scrollWidth > row.clientWidth || box.right > root.clientWidth + 0.5)
        found.push(`${row.textContent?.slice(0, 30)}: ${row.scrollWidth} > ${row.clientWidth}`);
    }
    return found;
  });
}
