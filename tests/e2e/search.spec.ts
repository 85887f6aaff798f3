/**
 * Journey (issue 17, item 4): a customer looks for an old order number while offline. The shop's
 * message is hundreds of messages back (not among those the chat first reads); the search finds
 * it on the device with the network off and the page reloaded, marks the words as written
 * (`cafe` finds "Café"), and opening the result lands on that message, not at the chat's end.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { uniqueTag, waitOfflineReady, waitReady } from './support.ts';
import { seeder, shopAndCustomer } from './seed-chat.ts';

const later = 400;

test('a customer finds an old message offline and the chat opens at it', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const baseUrl = test.info().project.use.baseURL!;
  const shopName = `Tostadores ${uniqueTag()}`;
  const shopContext = await browser.newContext();
  const { shop, customer, doc } = await shopAndCustomer(
    baseUrl,
    request,
    shopContext.request,
    shopName,
  );

  // The order, then hundreds of messages after it (the customer's own come last).
  const customerWrites = seeder(baseUrl, customer, doc);
  await customerWrites.write(['Hola, quería un café']);
  const shopWrites = seeder(baseUrl, shop, doc, 'business');
  await shopWrites.write(['Tu pedido 4821: Café de Colombia, sale el lunes']);
  shopWrites.close();
  await customerWrites.write(Array.from({ length: later }, (_, i) => `Message ${i + 1}`));
  customerWrites.close();

  // The customer's phone has the chat, then loses the signal and opens the app again.
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const [name, value] = customer.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  const page = await context.newPage();
  await page.goto('/');
  await waitReady(page);
  await expect(page.getByRole('link', { name: new RegExp(`Message ${later}`) })).toBeVisible({
    timeout: 60_000,
  });
  await waitOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await waitReady(page);

  await page.getByRole('button', { name: 'Search chats' }).click();
  const field = page.getByRole('searchbox', { name: 'Search messages and chats' });
  await expect(field).toBeFocused();
  await field.fill('cafe 482');
  await expect(page.getByRole('status').filter({ hasText: 'result' })).toHaveText('1 result');
  const result = page.getByRole('link', { name: /Tu pedido 4821/ });
  await expect(result).toContainText(shopName);
  // Marked as written: the accent and the whole number stay, the asked-for beginnings are marked.
  await expect(result.locator('mark')).toHaveText(['482', 'Café']);
  const axe = await new AxeBuilder({ page }).include('.search').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );

  // The shop's name finds the chat too; then back to the message, opened by keyboard.
  await field.fill('tostadores');
  await expect(page.getByRole('link', { name: shopName, exact: true })).toBeVisible();
  await field.fill('CAFÉ 4821');
  await result.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/chat/${doc.slice('conv:'.length)}\\?m=`));
  const history = page.getByRole('region', { name: 'Chat history' });
  const found = history.getByRole('listitem').filter({ hasText: 'Tu pedido 4821' });
  await expect(found).toBeInViewport();
  await expect(found).toHaveAttribute('aria-current', 'true');
  // It stays there: the chat did not run on to its end (the newest message is the customer's).
  const belowScreen = await history.evaluate(
    (el) => el.scrollHeight - el.scrollTop - el.clientHeight,
  );
  expect(belowScreen).toBeGreaterThan(2000);
});
