/**
 * Journey (issue 15, item 3): a shop opens a chat with thousands of messages. The history is
 * virtualised: it opens at the newest message with the "3 unread messages" marker above the
 * unread part, reads older pages while scrolling to the top, and keeps only a bounded number of
 * bubbles in the DOM however far it goes. The composer shows the 24-hour customer window counting
 * down from the server's receive time of the customer's last message, and says "Templates only"
 * once a day passed (the browser's clock moved forward, no reload).
 */
import { expect, test } from '@playwright/test';
import { uniqueTag, waitReady } from './support.ts';
import { readUpTo, seeder, shopAndCustomer } from './seed-chat.ts';

const earlier = 3500;
const unread = 3;
/** Rows in the DOM (bubbles, date lines, the marker) may not grow with the history. */
const maxRows = 80;

test('a chat of thousands of messages opens at its end, scrolls to its start, stays light', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000);
  const baseUrl = test.info().project.use.baseURL!;
  const shopContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // The shop's clock is Playwright's, so a day can pass without waiting for it.
  await shopContext.clock.install();
  const { shop, customer, doc } = await shopAndCustomer(
    baseUrl,
    request,
    shopContext.request,
    `Libros ${uniqueTag()}`,
  );

  // The history, read by the shop up to its last three messages.
  const writer = seeder(baseUrl, customer, doc);
  await writer.write(Array.from({ length: earlier }, (_, i) => `Message ${i + 1}`));
  await readUpTo(baseUrl, shop, doc, earlier, 'business');
  await writer.write(Array.from({ length: unread }, (_, i) => `New question ${i + 1}`));
  writer.close();

  // The inbox shows the chat with its three unread messages; the shop opens it from there.
  const page = await shopContext.newPage();
  await page.goto('/business');
  await waitReady(page);
  const row = page.getByRole('link', { name: /New question 3/ });
  await expect(row.getByLabel(`${unread} unread`)).toBeVisible({ timeout: 60_000 });
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/business/chat/${doc.slice('conv:'.length)}$`));
  const history = page.getByRole('region', { name: 'Chat history' });
  const rows = history.getByRole('listitem');
  const newest = rows.filter({ hasText: `New question ${unread}` });
  await expect(newest).toBeVisible({ timeout: 60_000 });

  // Opens at its end, the marker right above the first unread message.
  await expect(history.getByText('3 unread messages')).toBeVisible();
  const marker = await history.locator('#unread-marker').boundingBox();
  const firstUnread = await rows.filter({ hasText: 'New question 1' }).boundingBox();
  expect(marker!.y).toBeLessThan(firstUnread!.y);
  await expect
    .poll(() => history.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
    .toBeLessThan(2);
  await expect(rows.filter({ hasText: `Message ${earlier}` })).toHaveCount(1);
  expect(await rows.count()).toBeLessThanOrEqual(maxRows);

  // The 24-hour window, counted from the server's receive time of the last question.
  const window = page.getByText(/^Free replies: .+ left$/);
  await expect(window).toBeVisible();
  await expect(window).toHaveText(/2[34] hr/);

  // Scrolling up reads older pages until the first message; the DOM stays bounded.
  await expect(page.getByRole('button', { name: 'Jump to the latest message' })).toHaveCount(0);
  for (let pages = 0; (await history.getAttribute('data-earlier')) === 'true'; pages++) {
    expect(pages).toBeLessThan(earlier / 100);
    const before = Number(await history.getAttribute('data-loaded'));
    await history.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(history).not.toHaveAttribute('data-loaded', String(before));
    // The page went in above: what was at the top of the screen stays there, away from the top.
    await expect.poll(() => history.evaluate((el) => el.scrollTop)).toBeGreaterThan(1000);
    expect(await rows.count()).toBeLessThanOrEqual(maxRows);
  }
  await expect(history).toHaveAttribute('data-loaded', String(earlier + unread));
  await history.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(history.getByText('Message 1', { exact: true })).toBeVisible();
  await expect(history.getByRole('heading', { level: 3, name: 'Today' })).toBeVisible();
  expect(await rows.count()).toBeLessThanOrEqual(maxRows);

  // Jump to the latest.
  await page.getByRole('button', { name: 'Jump to the latest message' }).click();
  await expect(newest).toBeVisible();
  await expect(page.getByRole('button', { name: 'Jump to the latest message' })).toHaveCount(0);

  // A day later, without a reload: templates only.
  await page.clock.fastForward('24:00:00');
  await expect(page.getByText('Templates only', { exact: true })).toBeVisible();
  await expect(window).toHaveCount(0);
  await shopContext.close();
});
