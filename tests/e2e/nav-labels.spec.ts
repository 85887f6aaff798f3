/**
 * The three apps' sections at 1280 px (a laptop): every section's label shows beside its icon —
 * the console's eight too, in a row of their own below its bar (web/src/lib/ui/NavBar.svelte) —
 * and no label is cut off or overflows the window.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ensureTermsPublished,
  operatorPhone,
  registerBusinessByApi,
  signInByApi,
  uniquePhone,
  uniqueTag,
  waitReady,
} from './support.ts';

test.use({ viewport: { width: 1280, height: 800 } });

async function labelsShow(page: Page, nav: string, count: number) {
  const links = page.getByRole('navigation', { name: nav }).getByRole('link');
  await expect(links).toHaveCount(count);
  for (const link of await links.all()) {
    const label = link.locator('span');
    await expect(label).toBeVisible();
    const { clipped, width } = await label.evaluate((span) => ({
      clipped: span.scrollWidth > span.clientWidth,
      width: span.getBoundingClientRect().width,
    }));
    expect(clipped, `${await label.textContent()} is cut off`).toBe(false);
    expect(width, `${await label.textContent()} shows`).toBeGreaterThan(8);
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
  expect(overflow, 'the page is no wider than the window').toBe(false);
}

test('the personal app shows its sections’ labels on a laptop', async ({ browser }) => {
  const context = await browser.newContext();
  await signInByApi(context.request, uniquePhone());
  const page = await context.newPage();
  await page.goto('/');
  await waitReady(page);
  await labelsShow(page, 'Sections', 3);
  await context.close();
});

test('Souk Business shows its sections’ labels on a laptop', async ({ browser, request }) => {
  await ensureTermsPublished(request);
  const context = await browser.newContext();
  await registerBusinessByApi(context.request, `Rótulo ${uniqueTag()}`);
  const page = await context.newPage();
  await page.goto('/business/');
  await waitReady(page);
  await labelsShow(page, 'Sections', 5);
  await context.close();
});

test('the console shows its eight sections’ labels on a laptop', async ({ browser }) => {
  const context = await browser.newContext();
  await signInByApi(context.request, operatorPhone);
  const page = await context.newPage();
  await page.goto('/admin');
  await waitReady(page);
  await labelsShow(page, 'Console sections', 8);
  await context.close();
});
