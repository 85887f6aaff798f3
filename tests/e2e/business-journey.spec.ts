/**
 * Journey (issue 4): a shop registers in Souk Business — accepts the terms, picks its name, fills
 * its profile with a photo and opening hours, asks for verification — the platform approves it,
 * and a person finds the shop, sees its ✅ and profile, opts in to its updates and reports it.
 * The platform then publishes new terms while the shop's app is open: the app hears of it at once
 * and holds sending (and saving the profile) back with a banner, without taking the screen away;
 * once the shop opens and accepts the terms, what it had typed goes out.
 */
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { lookFindings } from './a11y.ts';
import {
  ensureTermsPublished,
  latestCode,
  operatorPhone,
  registerBusinessThroughUi,
  signInByApi,
  signInThroughUi,
  uniquePhone,
  waitReady,
  sendCode,
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
  await expect(page.getByRole('heading', { level: 2, name: /^Souk/ })).toBeVisible();
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
  await expect(
    page.getByText('Verification requested. The platform will review it.'),
  ).toBeVisible();
  // Pending: said where the form was, and it cannot be asked twice.
  await expect(
    page.getByRole('status').filter({ hasText: /Verification requested on / }),
  ).toContainText('The platform is reviewing it');
  await expect(page.getByRole('button', { name: 'Request verification' })).toHaveCount(0);

  // The platform approves the request in its console.
  const consolePage = await (await browser.newContext()).newPage();
  await consolePage.goto('/admin');
  await waitReady(consolePage);
  await consolePage.getByLabel('Phone number').fill(operatorPhone);
  await sendCode(consolePage);
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
  await person.getByRole('button', { name: 'Search', exact: true }).click();
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

  // The shop opens the person's chat and starts a reply. Meanwhile the platform publishes new
  // Terms of Service: the app hears of it at once, says so in a banner and holds sending back;
  // nothing else moves and the typed reply stays.
  await page.goto('/business');
  await waitReady(page);
  await page
    .getByRole('navigation')
    .getByRole('link', { name: new RegExp(personPhone.replace('+', '\\+')) })
    .click();
  await expect(page.getByRole('main').getByText('Do you deliver?')).toBeVisible();
  await page.getByLabel('Message').fill('Yes, every morning.');
  const revised = await operator.request.post('/api/admin/terms', {
    headers,
    data: { kind: 'tos', text: `Souk tos, revised ${Date.now()}.` },
  });
  expect(revised.ok()).toBe(true);
  const banner = page.getByRole('status').filter({ hasText: 'Souk published new terms' });
  const send = page.getByRole('button', { name: 'Send', exact: true });
  await expect(banner).toBeVisible();
  await expect(send).toBeDisabled();
  await expect(page.getByLabel('Message')).toHaveValue('Yes, every morning.');
  await expect(page.getByRole('main').getByText('Do you deliver?')).toBeVisible();

  // The shop opens the terms when it chooses to, accepts them, and its reply goes out.
  const terms = page.getByRole('dialog', { name: 'Terms for businesses' });
  await banner.getByRole('button', { name: 'Read the new terms' }).click();
  await expect(terms.getByRole('heading', { name: /^Terms of Service/ })).toContainText(
    `version ${(await revised.json()).version}`,
  );
  // The banner and the dialog pass the looks check too (every width, both themes).
  expect(await lookFindings(page, 'terms banner and dialog')).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await terms.getByLabel('I have read and accept both documents.').check();
  await terms.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(terms).toBeHidden();
  await expect(banner).toHaveCount(0);
  await expect(page.getByLabel('Message')).toHaveValue('Yes, every morning.');
  await send.click();
  await expect(person.getByRole('main').getByText('Yes, every morning.')).toBeVisible();

  // A new Privacy Policy while the shop edits its profile: the same banner, saving held back.
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Business profile' })).toBeVisible();
  const description = page.getByLabel('Description');
  const save = page.getByRole('button', { name: 'Save profile' });
  await description.fill('Fresh fruit and vegetables from local farms.');
  const revisedPrivacy = await operator.request.post('/api/admin/terms', {
    headers,
    data: { kind: 'privacy', text: `Souk privacy, revised ${Date.now()}.` },
  });
  expect(revisedPrivacy.ok()).toBe(true);
  await expect(banner).toBeVisible();
  await expect(save).toBeDisabled();
  await expect(description).toHaveValue('Fresh fruit and vegetables from local farms.');
  await banner.getByRole('button', { name: 'Read the new terms' }).click();
  await expect(terms.getByRole('heading', { name: /^Privacy Policy/ })).toContainText(
    `version ${(await revisedPrivacy.json()).version}`,
  );
  await terms.getByLabel('I have read and accept both documents.').check();
  await terms.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(banner).toHaveCount(0);
  await save.click();
  await expect(page.getByText('Saved. Customers see it')).toBeVisible();
  await personContext.close();
  await operator.close();
});
