/**
 * Journey (issue 18, item 1): people have names and faces. Two people set a name and photo in
 * Settings and see each other's in the chat list and the chat's header; the header opens the
 * other's profile, where a name saved for them replaces theirs on this person's screens. A
 * verified shop shows with its photo and ✅ in its customer's list and chat header, and a
 * look-alike of its name is refused as a person's display name.
 */
import { expect, request as requests, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import {
  ensureTermsPublished,
  openShopPage,
  operatorPhone,
  registerBusinessByApi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  uniqueTag,
} from './support.ts';

const asBusiness = { 'x-souk-app': 'business' };
const square = (background: string) =>
  sharp({ create: { width: 600, height: 600, channels: 3, background } })
    .jpeg()
    .toBuffer();

/** Sets the person's name, about line and photo in Settings. */
async function setProfile(page: Page, name: string, about: string, color: string) {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('About', { exact: true }).fill(about);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page
    .getByLabel('Add a photo')
    .setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: await square(color) });
  await expect(page.getByText('Change photo')).toBeVisible();
}

test('two people see each other’s names and photos; a saved name shows instead', async ({
  browser,
}) => {
  const [aliceContext, bobContext] = [await browser.newContext(), await browser.newContext()];
  const [alice, bob] = [await aliceContext.newPage(), await bobContext.newPage()];
  const bobPhone = uniquePhone();
  await signInThroughUi(alice, uniquePhone());
  await signInThroughUi(bob, bobPhone);
  await setProfile(alice, 'Alicia Prado', 'Ceramics on Saturdays', '#c0392b');
  await setProfile(bob, 'Bruno Sáez', 'Cycling, mostly', '#2e86c1');

  await alice.getByRole('link', { name: 'Souk', exact: true }).click();
  await alice.getByRole('button', { name: 'New chat' }).click();
  await alice.getByLabel('Phone number').fill(bobPhone);
  await alice.getByRole('button', { name: 'Start chat' }).click();
  await alice.getByLabel('Message').fill('Hola Bruno');
  await alice.getByRole('button', { name: 'Send' }).click();

  // Bob's list: Alicia by name and face, not her number.
  await bob.getByRole('link', { name: 'Souk', exact: true }).click();
  const row = bob.getByRole('link', { name: /Alicia Prado/ });
  await expect(row).toBeVisible();
  await expect(row.locator('img[src^="/media/"]')).toBeVisible();
  // Alice's chat header: Bruno's name and photo; it opens his profile.
  const header = alice.getByRole('main').locator('header');
  await expect(header.getByRole('heading', { level: 2 })).toHaveText('Bruno Sáez');
  await expect(header.locator('img[src^="/media/"]')).toBeVisible();
  await header.getByRole('link', { name: 'Bruno Sáez' }).click();
  await expect(alice.getByRole('heading', { level: 2, name: 'Bruno Sáez' })).toBeVisible();
  await expect(alice.getByText('Cycling, mostly')).toBeVisible();
  await expect(alice.getByText(bobPhone)).toBeVisible();

  // A name Alice saves for him replaces his on her screens.
  await alice.getByLabel('Your name for them').fill('Bruno del club');
  await alice.getByRole('button', { name: 'Save name' }).click();
  await expect(alice.getByRole('heading', { level: 2, name: 'Bruno del club' })).toBeVisible();
  await expect(alice.getByText('Their name on Souk: Bruno Sáez')).toBeVisible();
  await alice.getByRole('link', { name: 'Souk', exact: true }).click();
  await expect(alice.getByRole('link', { name: /Bruno del club/ })).toBeVisible();

  await aliceContext.close();
  await bobContext.close();
});

test('a verified shop shows its photo and ✅; a look-alike of its name is refused', async ({
  page,
  request,
}) => {
  const baseURL = test.info().project.use.baseURL!;
  const context = () => requests.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  await ensureTermsPublished(request);
  const tag = uniqueTag();
  const shopName = `Vinos ${tag}`;
  const shop = await context();
  await registerBusinessByApi(shop, shopName);
  const photo = await shop.post('/api/business/photo', {
    headers: { ...asBusiness, 'content-type': 'image/jpeg' },
    data: await square('#8e44ad'),
  });
  expect(photo.ok(), await photo.text()).toBe(true);
  const asked = await shop.post('/api/business/verification', {
    headers: asBusiness,
    data: { evidence: 'Registro mercantil, hoja 42.' },
  });
  expect(asked.ok()).toBe(true);
  await shop.dispose();
  const operator = await context();
  await signInByApi(operator, operatorPhone);
  const pending = await (await operator.get('/api/admin/verifications?status=pending')).json();
  const ask = pending.find((r: { businessName: string }) => r.businessName === shopName);
  const approved = await operator.post(`/api/admin/verifications/${ask.id}/approve`, {
    headers: { 'x-souk-app': 'personal' },
    data: { reason: '' },
  });
  expect(approved.ok()).toBe(true);
  await operator.dispose();

  await signInThroughUi(page, uniquePhone());
  await openShopPage(page, shopName);
  await page.getByRole('button', { name: 'Message' }).click();
  const header = page.getByRole('main').locator('header');
  await expect(header.getByRole('heading', { level: 2 })).toContainText(shopName);
  await expect(header.getByRole('img', { name: 'Verified business' })).toBeVisible();
  await expect(header.locator('img[src^="/media/"]')).toBeVisible();
  await page.getByLabel('Message').fill('¿Abren el domingo?');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('link', { name: 'Souk', exact: true }).click();
  // The list's row (its name ends with the last message): the chat's header, a link named after
  // the shop too, may still be on screen for a moment.
  const row = page.getByRole('link', { name: new RegExp(`${shopName}.*Abren el domingo`) });
  await expect(row.getByRole('img', { name: 'Verified business' })).toBeVisible();
  await expect(row.locator('img[src^="/media/"]')).toBeVisible();
  // The header opens the shop's page (Receive updates, Block, Report live there).
  await row.click();
  await header.getByRole('link', { name: new RegExp(shopName) }).click();
  await expect(page.getByRole('switch', { name: 'Receive updates' })).toBeVisible();

  // The shop's name with a Cyrillic "о" as this person's display name: refused, and why.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Your name').fill(`Vinоs ${tag}`);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'This name looks like the name of a verified business. Choose one customers cannot mistake for it.',
  );
});
