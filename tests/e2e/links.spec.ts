/**
 * A shop's link (issue 19, item 1) in real Chromium: a person opens `/c/<handle>?text=…` signed
 * out, sees the shop, taps Message, signs in and lands in the shop's chat with the text in the
 * composer (not sent); back on the link, Receive updates says the shop will see their number and
 * opts them in only when tapped. The link's statistics count the visits, the chat and the opt-in.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  registerBusinessByApi,
  uniquePhone,
  uniqueTag,
  waitReady,
} from './support.ts';

const asBusiness = { 'x-souk-app': 'business' };

test('a link opened signed out leads, after signing in, into the shop chat with its text', async ({
  browser,
  request,
}) => {
  await ensureTermsPublished(request);
  const shop = await browser.newContext();
  const name = `Frutas ${uniqueTag()}`;
  await registerBusinessByApi(shop.request, name);
  const { handle } = await (
    await shop.request.get('/api/business/link', { headers: asBusiness })
  ).json();

  // The HTML previews the shop without running anything.
  const html = await (await request.get(`/c/${handle}`)).text();
  expect(html).toContain(`<meta property="og:title" content="${name}">`);

  const context = await browser.newContext();
  const page = await context.newPage();
  const text = 'Hola, ¿tenéis fresas?';
  await page.goto(`/c/${handle}?text=${encodeURIComponent(text)}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(text)).toBeVisible();
  await page.getByRole('button', { name: 'Message', exact: true }).click();

  await waitReady(page);
  const phone = uniquePhone();
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('Code').fill(await latestCode(page.request, phone));
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/chat\/[^/]+$/);
  await expect(page.getByLabel('Message')).toHaveValue(text);

  // Nothing opted the person in; their own tap does, on a button that says what it shares.
  await page.goto(`/c/${handle}`);
  const updates = page.getByRole('button', { name: /Receive updates/ });
  await expect(updates).toContainText(`${name} will then see your phone number`);
  await updates.click();
  await expect(page).toHaveURL(/\/businesses\/[^/]+$/);
  await expect(page.getByRole('switch', { name: 'Receive updates' })).toBeChecked();

  await expect
    .poll(async () => {
      const stats = await shop.request.get('/api/business/link/stats?days=1', {
        headers: asBusiness,
      });
      return (await stats.json()).rows;
    })
    .toEqual([expect.objectContaining({ handle, visits: 2, chats: 1, optIns: 1 })]);
  await context.close();
  await shop.close();
});

test('the business app shows its link as a QR code, with downloads and a poster to print', async ({
  browser,
  request,
}) => {
  await ensureTermsPublished(request);
  const context = await browser.newContext();
  const name = `Flores ${uniqueTag()}`;
  await registerBusinessByApi(context.request, name);
  const { handle } = await (
    await context.request.get('/api/business/link', { headers: asBusiness })
  ).json();
  const page = await context.newPage();
  await page.goto('/business/link');
  await waitReady(page);
  await expect(page.getByRole('link', { name: new RegExp(`/c/${handle}$`) })).toBeVisible();
  await expect(page.getByRole('img', { name: /^QR code of / })).toBeVisible();

  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download SVG' }).click(),
  ]);
  expect(svg.suggestedFilename()).toBe(`souk-${handle}.svg`);
  expect(readFileSync(await svg.path(), 'utf8')).toMatch(/^<svg[^>]*viewBox/);
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toBe(`souk-${handle}.png`);
  expect([...readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  // A new link name waits for the platform's review.
  await page.getByLabel('New link name').fill(`${handle}-2`);
  await page.getByRole('button', { name: 'Ask for the change' }).click();
  await expect(page.getByText(`Waiting for review: ${handle}-2`)).toBeVisible();

  await page.getByRole('link', { name: 'Poster to print' }).click();
  const poster = page.getByRole('article', { name: 'Poster to print' });
  await expect(poster).toContainText(name);
  await expect(poster.getByRole('img', { name: /^QR code of / })).toBeVisible();
  await page.getByLabel('A6').check();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeHidden();
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await context.close();
});
