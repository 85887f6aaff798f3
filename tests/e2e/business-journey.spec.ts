/**
 * Journey (issue 4): a shop registers in Souk Business — accepts the terms, picks its name, fills
 * its profile with a photo and opening hours, asks for verification — the platform approves it,
 * and a person finds the shop, sees its ✅ and profile, opts in to its updates and reports it.
 * The platform then publishes new terms while the shop's app is open: its next message (over
 * sync), and later its next profile save (over HTTP), brings the terms screen up at once, and
 * once they are accepted the shop carries on.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import {
  ensureTermsPublished,
  latestCode,
  operatorPhone,
  registerBusinessThroughUi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitReady,
} from './support.ts';

const shopName = `Frutería ${String(Date.now()).slice(-5)}`;

async function shopPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#e67e22' } })
    .jpeg()
    .toBuffer();
}

test('a shop registers, fills its profile, gets verified, and a person sees the ✅', async ({
  page,
  browser,
}) => {
  await ensureTermsPublished(page.request);
  const operator = await browser.newContext();
  await signInByApi(operator.request, operatorPhone);
  const headers = { 'x-souk-app': 'personal' };
  const announcement = `Welcome, shops! ${Date.now()}`;
  const posted = await operator.request.post('/api/admin/announcements', {
    headers,
    data: { text: announcement },
  });
  expect(posted.ok()).toBe(true);
  await registerBusinessThroughUi(page, shopName);

  // The official account's read-only chat already holds the platform's earlier posts.
  const official = page.getByRole('link', { name: /^Souk\s*Verified business/ });
  await expect(official).toContainText(announcement);
  await official.click();
  await expect(page.getByRole('heading', { name: /^Souk/ })).toBeVisible();
  await expect(page.getByText('Only Souk can send messages here.')).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: announcement })).toBeVisible();

  // The profile: photo, description, hours; then ask for verification.
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Business profile' })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles({
    name: 'shop.jpg',
    mimeType: 'image/jpeg',
    buffer: await shopPhoto(),
  });
  await expect(page.getByRole('img', { name: 'Business photo' })).toBeVisible();
  await page.getByLabel('Description').fill('Fresh fruit from local farms.');
  await page.getByLabel('Time zone').fill('Europe/Madrid');
  await page.getByLabel('Monday').fill('09:00-14:00, 17:00-20:00');
  await page.getByLabel('Tuesday').fill('9-14');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Opening hours are written HH:MM-HH:MM')).toBeVisible();
  await page.getByLabel('Tuesday').fill('09:00-14:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Saved. Customers see it')).toBeVisible();
  await page.getByLabel('Evidence for verification').fill('Trade register 12345, Madrid.');
  await page.getByRole('button', { name: 'Request verification' }).click();
  await expect(page.getByText('Verification requested')).toBeVisible();

  // The platform approves the request in its console.
  const consolePage = await (await browser.newContext()).newPage();
  await consolePage.goto('/admin');
  await waitReady(consolePage);
  await consolePage.getByLabel('Phone number').fill(operatorPhone);
  await consolePage.getByRole('button', { name: 'Send code' }).click();
  await consolePage.getByLabel('Code').fill(await latestCode(consolePage.request, operatorPhone));
  await consolePage.getByRole('button', { name: 'Sign in' }).click();
  await consolePage
    .getByRole('navigation', { name: 'Console sections' })
    .getByRole('link', { name: 'Verifications', exact: true })
    .click();
  const pending = consolePage
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: consolePage.getByRole('heading', { name: shopName }) });
  await expect(pending.getByText('Trade register 12345, Madrid.')).toBeVisible();
  await pending.getByRole('button', { name: 'Approve' }).click();
  await expect(consolePage.getByRole('status')).toContainText(`${shopName} is now verified.`);
  await consolePage.context().close();
  await expect(page.getByText('Verified by Souk.')).toBeVisible();

  // A person finds the shop and sees the ✅, the photo and the hours.
  const personContext = await browser.newContext();
  const person = await personContext.newPage();
  const personPhone = uniquePhone();
  await signInThroughUi(person, personPhone, '/');
  await person.getByRole('link', { name: 'Businesses' }).click();
  await person.getByLabel('Name').fill(shopName.slice(0, 8).toLowerCase());
  await person.getByRole('button', { name: 'Search' }).click();
  const result = person.getByRole('link', { name: new RegExp(shopName) });
  await expect(result.getByRole('img', { name: 'Verified business' })).toBeVisible();
  await result.click();
  await expect(person.getByRole('heading', { level: 2, name: new RegExp(shopName) })).toBeVisible();
  await expect(person.getByRole('img', { name: 'Verified business' })).toBeVisible();
  await expect(person.getByText('Fresh fruit from local farms.')).toBeVisible();
  await expect(person.getByRole('row', { name: /Monday/ })).toContainText(
    '09:00-14:00, 17:00-20:00',
  );
  const photo = await person.locator('article img').first().getAttribute('src');
  expect(photo).toMatch(/^\/media\/.+\.webp$/);

  await person.getByRole('switch', { name: 'Receive updates' }).check();
  await person.getByRole('button', { name: 'Report' }).click();
  await person.getByLabel('What is wrong?').fill('Testing the report form.');
  await person.getByRole('button', { name: 'Send report' }).click();
  await expect(person.getByText('The platform will look into it.')).toBeVisible();

  // Message: the chat opens with the shop's name and ✅ in its header and in the chat list.
  await person.getByRole('button', { name: 'Message' }).click();
  await expect(
    person.getByRole('main').getByRole('heading', { level: 2, name: new RegExp(shopName) }),
  ).toContainText(shopName);
  await expect(
    person.getByRole('main').getByRole('img', { name: 'Verified business' }),
  ).toBeVisible();
  await person.getByLabel('Message').fill('Do you deliver?');
  await person.getByRole('button', { name: 'Send' }).click();
  await expect(
    person
      .getByRole('navigation')
      .getByRole('link', { name: new RegExp(shopName) })
      .getByRole('img', { name: 'Verified business' }),
  ).toBeVisible();

  // The shop opens the person's chat. Meanwhile the platform publishes new Terms of Service.
  await page.goto('/business');
  await waitReady(page);
  await page
    .getByRole('navigation')
    .getByRole('link', { name: new RegExp(personPhone.replace('+', '\\+')) })
    .click();
  await expect(page.getByRole('main').getByText('Do you deliver?')).toBeVisible();
  const revised = await operator.request.post('/api/admin/terms', {
    headers,
    data: { kind: 'tos', text: `Souk tos, revised ${Date.now()}.` },
  });
  expect(revised.ok()).toBe(true);

  // The shop's next message is refused by the platform: the terms screen comes up, no reload.
  await page.getByLabel('Message').fill('Yes, every morning.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Terms for businesses' })).toBeVisible();
  await page.getByLabel('I have read and accept both documents.').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();

  // Accepted: the shop is back in its chat and its reply reaches the person.
  await expect(page.getByRole('main').getByText('Do you deliver?')).toBeVisible();
  await page.getByLabel('Message').fill('Yes, every morning.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(person.getByRole('main').getByText('Yes, every morning.')).toBeVisible();

  // A new Privacy Policy too: this time saving the profile (over HTTP) brings the terms screen.
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Business profile' })).toBeVisible();
  const revisedPrivacy = await operator.request.post('/api/admin/terms', {
    headers,
    data: { kind: 'privacy', text: `Souk privacy, revised ${Date.now()}.` },
  });
  expect(revisedPrivacy.ok()).toBe(true);
  await page.getByLabel('Description').fill('Fresh fruit and vegetables from local farms.');
  // Saving meets the new terms — unless the app met them first (a refused sync of the profile
  // document, a re-check): either way the terms screen comes up, without a reload.
  const termsScreen = page.getByRole('heading', { name: 'Terms for businesses' });
  await expect(async () => {
    if (!(await termsScreen.isVisible()))
      await page.getByRole('button', { name: 'Save profile' }).click({ timeout: 2000 });
    await expect(termsScreen).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await page.getByLabel('I have read and accept both documents.').check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(page.getByRole('heading', { name: 'Business profile' })).toBeVisible();
  await page.getByLabel('Description').fill('Fresh fruit and vegetables from local farms.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Saved. Customers see it')).toBeVisible();
  await personContext.close();
  await operator.close();
});
