/**
 * The y-websocket door for a business's own servers (issue 20): an API key with the
 * `documents:sync` scope is exchanged at `POST /api/v1/yjs/tokens` for a token, and a real
 * `WebsocketProvider` then edits the business's inbox document; a key without the scope, or a
 * document the business may not open, gets no token; revoking the key closes its sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readQuickReplies, saveQuickReply } from '@souk/sync';
import { backends } from '../support/server.ts';
import type { SignedIn } from '../support/people.ts';
import { yjsProvider } from '../support/yjs-door.ts';
import { apiWorld } from './business-api-support.ts';

describe.each(backends)('the y-websocket door with an API key, on %s', (backend) => {
  const world = apiWorld(backend, '+34699100000', backend === 'pglite' ? '+3469911' : '+3469912');
  let shop: SignedIn;
  let other: SignedIn;

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Tienda Yjs');
    other = await world.business('Otra Yjs');
  });
  afterAll(() => world.stop());

  it('opens the business’s inbox with a documents:sync key, and revoking the key closes it', async () => {
    const key = await world.key(shop, ['documents:sync']);
    const inbox = `inbox:${shop.id}`;
    const issued = await world.api(key, 'POST', '/yjs/tokens', { doc: inbox });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.doc).toBe(inbox);

    const bot = yjsProvider(world.h.server.url, inbox, issued.body.token);
    await bot.synced;
    saveQuickReply(bot.doc, { shortcut: 'hours', text: 'We open at nine.' });
    const stored = async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await world.h.server.store.readStored(inbox));
      return readQuickReplies(doc).map((r) => r.shortcut);
    };
    await expect.poll(stored, { timeout: 10_000 }).toContain('hours');

    const keys = await world.h.asBusiness(shop, 'GET', '/business/api-keys');
    const id = (keys.body as Array<{ id: string }>)[0]!.id;
    expect((await world.h.asBusiness(shop, 'DELETE', `/business/api-keys/${id}`)).status).toBe(200);
    expect((await bot.closed).code).toBe(4401);
    bot.provider.destroy();
  });

  it('gives no token to a key without the scope, nor for another business’s document', async () => {
    const sender = await world.key(shop, ['messages:send'], 'sender');
    const noScope = await world.api(sender, 'POST', '/yjs/tokens', { doc: `inbox:${shop.id}` });
    expect(noScope.status).toBe(403);
    expect(noScope.body.details.reason).toBe('scope');

    const syncer = await world.key(shop, ['documents:sync'], 'syncer');
    const foreign = await world.api(syncer, 'POST', '/yjs/tokens', { doc: `inbox:${other.id}` });
    expect(foreign.status).toBe(403);
    expect(foreign.body.details.reason).toBe('not_readable');
  });
});
