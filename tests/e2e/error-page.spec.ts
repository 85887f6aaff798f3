/**
 * A path that is no screen (an old or mistyped link) shows what happened and the way home, in the
 * person's language, for each app, and passes the looks check (axe, every width and theme).
 */
import { expect, test } from '@playwright/test';
import { lookFindings } from './a11y.ts';

test('an unknown path says the page does not exist and leads back to the chats', async ({
  page,
}) => {
  await page.goto('/no-such-screen');
  await expect(
    page.getByRole('heading', { level: 1, name: 'This page does not exist' }),
  ).toBeVisible();
  await expect(page).toHaveTitle('This page does not exist');
  expect(await lookFindings(page, 'error page')).toEqual([]);
  await page.getByRole('link', { name: 'Back to your chats' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(
    page.getByRole('heading', { level: 1, name: 'This page does not exist' }),
  ).toHaveCount(0);
});

test('under /business it leads back to the inbox, and speaks Spanish to a Spanish browser', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto('/business/no-such-screen');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Esta página no existe' }),
  ).toBeVisible();
  const home = page.getByRole('link', { name: 'Volver a la bandeja' });
  await expect(home).toHaveAttribute('href', '/business');
  await context.close();
});
