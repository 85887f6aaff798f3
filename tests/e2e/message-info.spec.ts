/**
 * Journey (issue 17, message info): Alice sends Bob a message while his app is closed and keeps
 * its Info open. It says when the server stored it, then — as Bob's app opens and he reads the
 * chat — when it was delivered and read, each time as the server recorded it (the times shown are
 * the ones the server's `messageInfo` answered, not this device's clock).
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { signInThroughUi, uniquePhone, waitReady } from './support.ts';

async function chatWith(page: Page, phone: string): Promise<string> {
  const chat = await (
    await page.request.post('/api/chats', {
      headers: { 'x-souk-app': 'personal' },
      data: { phone },
    })
  ).json();
  return `/chat/${(chat.doc as string).slice('conv:'.length)}`;
}

type Info = {
  sentAt: number | null;
  recipients: Array<{ deliveredAt: number | null; readAt: number | null }>;
};

/** The next answer of the info route with `field` set for the recipient, as JSON. */
function answerWith(page: Page, field: 'deliveredAt' | 'readAt'): Promise<Info> {
  const matches = async (response: Response) => {
    if (!/\/api\/chats\/[^/]+\/messages\/[^/]+\/info$/.test(response.url())) return false;
    const info = (await response.json()) as Info;
    return info.recipients[0]?.[field] !== null;
  };
  return page.waitForResponse(matches).then((response) => response.json() as Promise<Info>);
}

const iso = (at: number | null) => new Date(at!).toISOString();

test('the info of a message shows the server’s times as the other person reads', async ({
  browser,
}) => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  const [alice, bob] = await Promise.all(contexts.map((c) => c.newPage()));
  const bobPhone = uniquePhone();
  await signInThroughUi(alice!, uniquePhone());
  await signInThroughUi(bob!, bobPhone);
  await bob!.goto('about:blank'); // Bob's app is closed

  const chat = await chatWith(alice!, bobPhone);
  await alice!.goto(chat);
  await waitReady(alice!);
  await alice!.getByLabel('Message', { exact: true }).fill('Are you there?');
  await alice!.getByRole('button', { name: 'Send' }).click();
  const row = alice!.getByRole('main').locator('li.row').filter({ hasText: 'Are you there?' });
  await expect(row.getByLabel('Sent')).toBeVisible();

  await row.getByRole('button', { name: 'More actions' }).click();
  const asked = alice!.waitForResponse((r) => r.url().endsWith('/info'));
  await alice!
    .getByRole('dialog', { name: 'Choose an action' })
    .getByRole('button', { name: 'Info' })
    .click();
  const info = alice!.getByRole('dialog', { name: 'Info' });
  const first = (await (await asked).json()) as Info;
  const state = (name: string) => info.locator('dl > div').filter({ hasText: name });
  await expect(info.locator('dl')).toHaveAttribute('data-source', 'server');
  await expect(state('Sent').locator('time')).toHaveAttribute('datetime', iso(first.sentAt));
  await expect(state('Delivered')).toContainText('Not yet');
  await expect(state('Read')).toContainText('Not yet');

  // Bob's app opens on his chat list: delivered, not read.
  const delivered = answerWith(alice!, 'deliveredAt');
  await bob!.goto('/');
  await waitReady(bob!);
  const second = await delivered;
  await expect(state('Delivered').locator('time')).toHaveAttribute(
    'datetime',
    iso(second.recipients[0]!.deliveredAt),
  );
  expect(second.recipients[0]!.readAt).toBeNull();
  await expect(state('Read')).toContainText('Not yet');

  // He opens the chat and reads it; Alice's Info, still open, says when.
  const read = answerWith(alice!, 'readAt');
  await bob!.goto(chat);
  await expect(bob!.getByRole('main').getByText('Are you there?')).toBeVisible();
  const third = await read;
  await expect(state('Read').locator('time')).toHaveAttribute(
    'datetime',
    iso(third.recipients[0]!.readAt),
  );
  expect(third.recipients[0]!.readAt!).toBeGreaterThanOrEqual(third.recipients[0]!.deliveredAt!);
  expect(third.sentAt).toBe(first.sentAt);
  for (const context of contexts) await context.close();
});
