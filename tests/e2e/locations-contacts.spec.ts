/**
 * Journey (issue 16): a customer shares a location (from the device's position) and a contact
 * card while offline; both wait as pending, go out on reconnect, and the shop sees them as cards
 * with an "open in maps" link and an "add to contacts" file. Before the customer ever wrote, the
 * shop's own location is refused with its reason (outside the 24-hour window) and kept in place.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  openShopPage,
  registerBusinessThroughUi,
  signInThroughUi,
  uniquePhone,
  waitOfflineReady,
} from './support.ts';

async function shareLocation(page: Page, fill: (page: Page) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'Share a location' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share a location' });
  await fill(page);
  await dialog.getByRole('button', { name: 'Send location' }).click();
  await expect(dialog).toBeHidden();
}

test('a customer shares a location and a contact offline; the shop sees both after reconnect', async ({
  page: shop,
  browser,
}) => {
  await ensureTermsPublished(shop.request);
  const shopName = `Floristería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(shop, shopName);

  const customerContext = await browser.newContext({
    geolocation: { latitude: 40.4168, longitude: -3.7038 },
    permissions: ['geolocation'],
  });
  const customer = await customerContext.newPage();
  await signInThroughUi(customer, uniquePhone());
  await openShopPage(customer, shopName);
  await customer.getByRole('button', { name: 'Message' }).click();
  await expect(customer.getByRole('main').getByRole('heading', { level: 2 })).toContainText(
    shopName,
  );

  // The customer never wrote: the shop's location (typed by hand) is refused with its reason.
  await shop.reload();
  await shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first().click();
  await shareLocation(shop, async (page) => {
    await page.getByLabel('Latitude').fill('40.41500');
    await page.getByLabel('Longitude').fill('-3.70700');
    await page.getByLabel('Place name (optional)').fill('Our shop');
  });
  const refused = shop.locator('[data-unsent="outside_window"]');
  await expect(refused).toContainText('Location: Our shop');

  // Offline, the customer shares where they are and a contact: both wait, pending.
  await waitOfflineReady(customer);
  await customerContext.setOffline(true);
  await expect(customer.getByRole('status').first()).toContainText(/offline/i);
  await shareLocation(customer, async (page) => {
    await page.getByRole('button', { name: 'Use my current location' }).click();
    await expect(page.getByLabel('Latitude')).toHaveValue('40.416800');
    await expect(page.getByLabel('Longitude')).toHaveValue('-3.703800');
    await page.getByLabel('Place name (optional)').fill('Casa');
    await page.getByLabel('Address (optional)').fill('Calle Mayor 1, Madrid');
  });
  await customer.getByRole('button', { name: 'Share a contact' }).click();
  const contactDialog = customer.getByRole('dialog', { name: 'Share a contact' });
  await contactDialog.getByLabel('Name').fill('Ana Pérez');
  await contactDialog.getByLabel('Phone number').fill('+34 600 000 123');
  await contactDialog.getByRole('button', { name: 'Send contact' }).click();
  const mine = customer.getByRole('main').getByRole('listitem');
  const location = mine.filter({ has: customer.locator('[data-kind="location"]') });
  const contact = mine.filter({ has: customer.locator('[data-kind="contact"]') });
  await expect(location.getByLabel('Pending')).toBeVisible();
  await expect(contact.getByLabel('Pending')).toBeVisible();

  // Back online, both go out; the shop sees the cards and the list says what came last.
  await customerContext.setOffline(false);
  await expect(location.getByLabel(/^(Sent|Delivered|Read)$/)).toBeVisible({ timeout: 20_000 });
  await expect(contact.getByLabel(/^(Sent|Delivered|Read)$/)).toBeVisible({ timeout: 20_000 });

  const shopChat = shop.getByRole('main');
  const place = shopChat.locator('[data-kind="location"]');
  await expect(place).toContainText('Casa');
  await expect(place).toContainText('Calle Mayor 1, Madrid');
  await expect(place).toContainText('40.41680, -3.70380');
  await expect(place.getByRole('link', { name: 'Open in maps' })).toHaveAttribute(
    'href',
    'https://www.openstreetmap.org/?mlat=40.41680&mlon=-3.70380#map=17/40.41680/-3.70380',
  );
  await expect(place.getByRole('link', { name: 'Open in a maps app' })).toHaveAttribute(
    'href',
    'geo:40.41680,-3.70380',
  );
  const card = shopChat.locator('[data-kind="contact"]');
  await expect(card).toContainText('Ana Pérez');
  await expect(card.getByRole('link', { name: 'Call +34600000123' })).toBeVisible();
  const add = card.getByRole('link', { name: 'Add to contacts' });
  await expect(add).toHaveAttribute('download', 'Ana Pérez.vcf');
  const vcf = decodeURIComponent((await add.getAttribute('href'))!.split(',')[1]!);
  expect(vcf).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\nFN:Ana Pérez\r\n/);
  await expect(
    shop.getByRole('navigation').getByRole('link', { name: /\+34/ }).first(),
  ).toContainText('Contact: Ana Pérez');

  await customerContext.close();
});
