/**
 * Journey (issue 6): a business publishes a template in English and Spanish; a person whose
 * phone speaks Spanish receives it rendered in Spanish, still after going offline; a newer
 * version named by a new message is fetched at once; and the pack's schedule, on a fake clock,
 * refreshes after 31 days and retries 5 minutes after a download failed for lack of network.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  latestCode,
  registerBusinessThroughUi,
  uniquePhone,
  waitOfflineReady,
  waitReady,
} from './support.ts';

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
  await expect(person.getByText('¡Hola Ana! Tu pedido A-1042 ya va de camino.')).toBeVisible();

  // A broadcast: the customer wrote within 24 hours, so it reaches them; the result says so.
  await page.getByRole('link', { name: 'Templates' }).click();
  await page
    .getByRole('listitem')
    .filter({ hasText: 'order_shipped' })
    .getByRole('button', { name: 'Broadcast' })
    .click();
  await page.getByLabel('name', { exact: true }).fill('Luis');
  await page.getByLabel('order_id', { exact: true }).fill('B-7');
  await page.getByRole('button', { name: 'Send broadcast' }).click();
  await expect(page.getByText('Sent to 1, not sent to 0.')).toBeVisible();
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
