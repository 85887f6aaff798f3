/**
 * Journey (issue 6): a business publishes a template in English and Spanish; a person whose
 * phone speaks Spanish receives it rendered in Spanish, still after going offline; a newer
 * version named by a new message is fetched at once; and the pack's schedule, on a fake clock,
 * refreshes after 31 days and retries 5 minutes after a download failed for lack of network.
 * Then a rich template: a photo header and quick-reply, link and call buttons, as the customer
 * sees and uses them.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import {
  ensureTermsPublished,
  latestCode,
  registerBusinessThroughUi,
  signInByApi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';
import { optIn, signedInAs } from './opt-ins.ts';

async function publishTemplate(page: Page, es: string): Promise<void> {
  await page.getByRole('link', { name: 'Templates' }).click();
  const existing = page.getByRole('listitem').filter({ hasText: 'order_shipped' });
  if (await existing.count()) await existing.getByRole('button', { name: /Edit/ }).click();
  else {
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('order_shipped');
  }
  const en = page.getByRole('group', { name: 'en', exact: true });
  await en.getByLabel('Body').fill('Hi {{name}}, order {{order_id}} has shipped.');
  const spanish = page.getByRole('group', { name: 'es', exact: true });
  await spanish.getByLabel('Body').fill(es);
  await expect(
    spanish.getByText(es.replace('{{name}}', '[name]').replace('{{order_id}}', '[order_id]')),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Published order_shipped version/)).toBeVisible();
}

async function sendTemplate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Use a template' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption('order_shipped');
  await page.getByLabel('name', { exact: true }).fill('Ana');
  await page.getByLabel('order_id', { exact: true }).fill('A-1042');
  await page.getByRole('button', { name: 'Send template' }).click();
}

test('a template in Spanish, offline, newer versions and the 31-day / 5-minute schedule', async ({
  browser,
  page,
}) => {
  await ensureTermsPublished(page.request);
  const shopName = `Zapatería ${String(Date.now()).slice(-5)}`;
  await registerBusinessThroughUi(page, shopName);
  await publishTemplate(page, 'Hola {{name}}, el pedido {{order_id}} ha salido.');
  const businessId = (
    await (await page.request.get('/api/me', { headers: { 'x-souk-app': 'business' } })).json()
  ).id;

  // A person whose phone is in Spanish.
  const context = await browser.newContext({ locale: 'es-ES' });
  const person = await context.newPage();
  const phone = uniquePhone();
  const headers = { 'x-souk-app': 'personal' };
  await context.request.post('/api/auth/code', { headers, data: { phone } });
  const code = await latestCode(context.request, phone);
  await context.request.post('/api/auth/verify', { headers, data: { phone, code } });
  const chat = await (
    await context.request.post('/api/chats', { headers, data: { businessId } })
  ).json();
  await person.goto(`/chat/${chat.doc.slice('conv:'.length)}`);
  await waitReady(person);
  await person.getByLabel('Mensaje').fill('Hola, ¿mi pedido?');
  await person.getByRole('button', { name: 'Enviar' }).click();

  // The business answers with the template; the person reads it in Spanish.
  await page.goto('/business');
  await page.getByRole('link', { name: /Hola, ¿mi pedido\?/ }).click();
  await sendTemplate(page);
  const spanish = person.getByText('Hola Ana, el pedido A-1042 ha salido.');
  await expect(spanish).toBeVisible();

  // Offline, after a restart of the app: still rendered from the pack on the device.
  await waitOfflineReady(person);
  await context.setOffline(true);
  await person.reload();
  await waitReady(person);
  await expect(spanish).toBeVisible();
  await context.setOffline(false);

  // A newer version: the message names it, the device fetches the pack at once.
  await publishTemplate(page, '¡Hola {{name}}! Tu pedido {{order_id}} ya va de camino.');
  await page
    .getByRole('link', { name: /Hola, ¿mi pedido\?|Hi Ana/ })
    .first()
    .click();
  await sendTemplate(page);
  const newer = person.getByText('¡Hola Ana! Tu pedido A-1042 ya va de camino.');
  await expect(newer).toBeVisible();
  // The first message named version 1, so it still reads as version 1 did (only one v2 text).
  await expect(spanish).toBeVisible();
  await expect(newer).toHaveCount(1);

  // A broadcast: the customer opts in to the shop's updates, so it reaches them; the result says so.
  const baseUrl = test.info().project.use.baseURL!;
  await optIn(baseUrl, await signedInAs(context, baseUrl), businessId);
  await page.getByRole('link', { name: 'Templates' }).click();
  await page
    .getByRole('listitem')
    .filter({ hasText: 'order_shipped' })
    .getByRole('button', { name: 'Broadcast' })
    .click();
  await page.getByLabel('name', { exact: true }).fill('Luis');
  await page.getByLabel('order_id', { exact: true }).fill('B-7');
  await page.getByRole('button', { name: 'Review broadcast' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Send to 1' }).click();
  await expect(page.getByText('Finished: sent to 1 of 1, not sent to 0.')).toBeVisible();
  await expect(person.getByText('¡Hola Luis! Tu pedido B-7 ya va de camino.')).toBeVisible();

  // 31 days later, offline: the refresh fails, is shown in settings, and is retried 5 minutes
  // later. The app restarts on a clock the test controls.
  await person.clock.install();
  await person.goto('/settings');
  await waitReady(person);
  const packRow = person.getByRole('row', { name: new RegExp(shopName) });
  await expect(packRow).toContainText('Ahora mismo');
  await context.setOffline(true);
  await person.clock.fastForward(31 * 24 * 60 * 60 * 1000 + 1000);
  await expect(packRow).toContainText('La última descarga falló');
  await context.setOffline(false);
  await person.clock.fastForward(5 * 60 * 1000 + 1000);
  await expect(packRow).toContainText('Ahora mismo');
  await expect(packRow).not.toContainText('falló');
  await context.close();
});

test('a template with a photo header and buttons: the customer sees the photo and replies', async ({
  browser,
  page,
}) => {
  await ensureTermsPublished(page.request);
  await registerBusinessThroughUi(page, `Calzados ${String(Date.now()).slice(-5)}`);

  // From the example (it has a quick reply), with a photo header, a link and a call button.
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByLabel('Start from an example').selectOption('order_shipped');
  const en = page.getByRole('group', { name: 'en', exact: true });
  await en.getByRole('combobox', { name: 'Header', exact: true }).selectOption('Photo');
  await expect(en.getByText('Choose a photo for the header')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  const photo = await sharp({
    create: { width: 800, height: 400, channels: 3, background: '#2e86c1' },
  })
    .png()
    .toBuffer();
  await en
    .getByText('Choose a photo', { exact: true })
    .locator('input[type="file"]')
    .setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: photo });
  await expect(en.getByRole('img', { name: 'Picture from the business' })).toBeVisible();
  await expect(en.getByText('Change the photo')).toBeVisible();
  await en.getByRole('button', { name: 'Add a button' }).click();
  await en.getByLabel('Button type').nth(1).selectOption('url');
  await en.getByLabel('Button text').nth(1).fill('Track it');
  await en.getByLabel('Link address').fill('https://parcels.example.com/track');
  await en.getByRole('button', { name: 'Add a button' }).click();
  await en.getByLabel('Button type').nth(2).selectOption('phone');
  await en.getByLabel('Button text').nth(2).fill('Call us');
  await en.getByLabel('Phone number').fill('+34612345678');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published order_shipped version 1.')).toBeVisible();

  // Editing it again (its next version) starts from the photo header.
  await page
    .getByRole('listitem')
    .filter({ hasText: 'order_shipped' })
    .getByRole('button', { name: /Edit/ })
    .click();
  await expect(en.getByRole('combobox', { name: 'Header', exact: true })).toHaveValue('image');
  await expect(en.getByRole('img', { name: 'Picture from the business' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  const businessId = (
    await (await page.request.get('/api/me', { headers: { 'x-souk-app': 'business' } })).json()
  ).id;

  // A customer writes; the shop answers with the template.
  const context = await browser.newContext();
  const person = await context.newPage();
  await signInByApi(context.request, uniquePhone());
  const chat = await (
    await context.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { businessId },
    })
  ).json();
  await person.goto(`/chat/${chat.doc.slice('conv:'.length)}`);
  await waitReady(person);
  await person.getByLabel('Message').fill('Is my parcel out?');
  await person.getByRole('button', { name: 'Send' }).click();
  await page.goto('/business');
  await page.getByRole('link', { name: /Is my parcel out\?/ }).click();
  await sendTemplate(page);

  // The customer sees the photo (loaded), and buttons that open safely.
  const thread = person.getByRole('main');
  await expect(
    thread.getByText('Good news, Ana: order A-1042 is on its way.', { exact: true }),
  ).toBeVisible();
  const picture = thread.getByRole('img', { name: 'Picture from the business' });
  await expect(picture).toBeVisible();
  await expect(picture).toHaveAttribute('src', /^\/media\/[A-Za-z0-9_-]+\.webp$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
  const track = thread.getByRole('link', { name: 'Track it' });
  await expect(track).toHaveAttribute('href', 'https://parcels.example.com/track');
  await expect(track).toHaveAttribute('target', '_blank');
  await expect(track).toHaveAttribute('rel', /(^| )noopener( |$)/);
  await expect(thread.getByRole('link', { name: 'Call us' })).toHaveAttribute(
    'href',
    'tel:+34612345678',
  );

  // The quick reply sends its text as the customer's message; the shop receives it.
  await thread.getByRole('button', { name: 'Thanks!' }).click();
  await expect(
    page
      .getByRole('main')
      .getByRole('listitem')
      .filter({ hasText: 'Thanks!' })
      .filter({ hasNotText: 'Good news' }),
  ).toBeVisible();
  await context.close();
});

test("a phone set to Canadian French reads a template's French, in an app that speaks English", async ({
  browser,
  page,
}) => {
  await ensureTermsPublished(page.request);
  await registerBusinessThroughUi(page, `Boulangerie ${String(Date.now()).slice(-5)}`);
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('button', { name: 'New template' }).click();
  await page.getByLabel('Name', { exact: true }).fill('bread_ready');
  const body = (language: string) =>
    page.getByRole('group', { name: language, exact: true }).getByLabel('Body');
  await body('en').fill('Hi {{name}}, your bread is ready to collect.');
  await body('es').fill('Hola {{name}}, tu pan está listo para recoger.');
  await page.getByLabel('Add a language').fill('fr');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await body('fr').fill('Bonjour {{name}}, votre pain est prêt à retirer.');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText(/Published bread_ready version/)).toBeVisible();
  const businessId = (
    await (await page.request.get('/api/me', { headers: { 'x-souk-app': 'business' } })).json()
  ).id;

  // navigator.languages is ['fr-CA']: Souk has no French words, so the app speaks English.
  const context = await browser.newContext({ locale: 'fr-CA' });
  const person = await context.newPage();
  await signInByApi(context.request, uniquePhone());
  const chat = await (
    await context.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { businessId },
    })
  ).json();
  await person.goto(`/chat/${chat.doc.slice('conv:'.length)}`);
  await waitReady(person);
  await person.getByLabel('Message').fill('Is my bread ready?');
  await person.getByRole('button', { name: 'Send' }).click();

  await page.goto('/business');
  await page.getByRole('link', { name: /Is my bread ready\?/ }).click();
  await page.getByRole('button', { name: 'Use a template' }).click();
  await page.getByLabel('Template', { exact: true }).selectOption('bread_ready');
  await page.getByLabel('name', { exact: true }).fill('Zoé');
  await page.getByRole('button', { name: 'Send template' }).click();

  // fr-CA → fr: the French translation, not the app's English nor the default.
  const french = person.getByText('Bonjour Zoé, votre pain est prêt à retirer.');
  await expect(french).toBeVisible();
  await expect(french.locator('xpath=ancestor-or-self::*[@lang][1]')).toHaveAttribute('lang', 'fr');
  await context.close();
});
