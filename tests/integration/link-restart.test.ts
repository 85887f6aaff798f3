/**
 * A shop's link across a server restart (issue 19, items 1 and 2), on both databases: a real
 * server process serves the link signed out, a customer starts a chat from it and writes, and
 * opts in; the process stops and another starts on the same data. The link's statistics are
 * as they were, the link still serves the shop, the customer's link leads into the same chat
 * with their message in it (counted once that day), and a new customer starts a chat from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendText, conversationParts, plainText } from '@souk/sync';
import { runCli } from '@souk/server';
import {
  startServerProcess,
  testStorage,
  type ServerProcess,
  type TestStorage,
} from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';
import { rawParty } from '../support/raw-party.ts';
import { caller, openShop, optIn, type Shop } from '../support/shop.ts';

describe.each(backends)('a link across a server restart, on %s', (backend) => {
  let storage: TestStorage;
  let server: ServerProcess | undefined;
  let port: number;
  const url = () => server!.url;
  const phone = (n: number) =>
    `+3467970${backend === 'pglite' ? 1 : 2}${String(n).padStart(3, '0')}`;

  beforeAll(async () => {
    storage = await testStorage(backend);
    expect(await runCli(['create-operator', '--phone', phone(1)], storage.env, () => {})).toBe(0);
    port = await freePort();
  });
  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  });

  const visit = async (handle: string) => {
    const response = await fetch(`${url()}/api/links/${handle}`, {
      headers: { 'x-souk-app': 'personal' },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { name: string };
  };
  const stats = async (shop: Shop) => (await shop.call('GET', '/business/link/stats?days=1')).rows;
  const chatFrom = (who: SignedIn, handle: string) =>
    caller(url, who, 'personal')('POST', `/links/${handle}/chat`) as Promise<{ doc: string }>;

  it('keeps its statistics and leads into the same chat after the restart', async () => {
    server = await startServerProcess(storage.env, port);
    const shop = await openShop(url, { operator: phone(1), shop: phone(2) }, 'Quesería Luna');
    const { handle } = await shop.call('GET', '/business/link');
    expect(await visit(handle)).toMatchObject({ name: 'Quesería Luna' });
    const customer = await signIn(url(), phone(10));
    const { doc } = await chatFrom(customer, handle);
    const party = await rawParty(url(), customer);
    await party.open(doc);
    const said = 'Do you have aged cheese?';
    expect(
      await party.write(doc, (d) => appendText(d, customer.id, said, Date.now())),
    ).toMatchObject({ type: 'ack' });
    party.close();
    await optIn(url(), customer, shop.business.id);
    expect(await caller(url, customer, 'personal')('POST', `/links/${handle}/opt-in`)).toEqual({
      counted: true,
    });
    const counted = [expect.objectContaining({ handle, visits: 1, chats: 1, optIns: 1 })];
    expect(await stats(shop)).toEqual(counted);

    expect(await server.stop()).toBe(0);
    server = await startServerProcess(storage.env, port);

    expect(await stats(shop)).toEqual(counted);
    expect(await visit(handle)).toMatchObject({ name: 'Quesería Luna' });
    // The customer's link leads into the same chat, their message in it.
    expect((await chatFrom(customer, handle)).doc).toBe(doc);
    const again = await rawParty(url(), customer);
    const copy = await again.open(doc);
    expect(
      conversationParts(copy)
        .messages.toArray()
        .map((m) => plainText(m)),
    ).toEqual([said]);
    again.close();
    // Someone new starts a chat from it.
    const newcomer = await signIn(url(), phone(11));
    expect((await chatFrom(newcomer, handle)).doc).not.toBe(doc);
    expect(await stats(shop)).toEqual([
      expect.objectContaining({ handle, visits: 2, chats: 2, optIns: 1 }),
    ]);
  }, 180_000);
});
