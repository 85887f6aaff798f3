/**
 * Honest feedback on the server (issue 15, item 4): a broadcast's audience is counted by the same
 * consent rules that send it, and nothing is written while counting; a broadcast sent with a key
 * starts one job, even when two identical requests arrive together (a double click, a retry); a
 * suspended business is told the reason the operator wrote; the business sees where its newest
 * verification request stands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template, TemplateDraft } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { broadcastAndWait, finished } from '../support/broadcasts.ts';

const offer: TemplateDraft = {
  name: 'weekly_offer',
  category: 'marketing',
  defaultLanguage: 'en',
  translations: { en: { body: 'Hi {{name}}, this week the rye bread is half price.' } },
};

describe.each(backends)('honest feedback on %s', (backend) => {
  const world = consentWorld(backend, '+34 693 300 001', '+3469331');
  let shop: Member;
  let opted: { member: Member; doc: string };
  const chats: string[] = [];

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Horno Claro');
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/templates', offer);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect((reply.body as Template).version).toBe(1);
    // Three customers: one opted in, one who did not, one who opted in and then blocked the shop.
    for (const prefs of [{ optIn: true }, { optIn: false }, { optIn: true, blocked: true }]) {
      const member = await world.person();
      const doc = await world.chatWith(member, shop);
      chats.push(doc);
      expect(await world.say(member, doc, 'Hello')).toMatchObject({ type: 'ack' });
      const answer = await world.prefs(member, (map) => {
        if ('optIn' in prefs) map.set(`optIn:${shop.who.id}`, prefs.optIn);
        if ('blocked' in prefs) map.set(`blocked:${shop.who.id}`, true);
      });
      expect(answer).toMatchObject({ type: 'ack' });
      if (prefs.optIn && !('blocked' in prefs)) opted = { member, doc };
    }
  }, 60_000);
  afterAll(() => world.stop());

  const sentOffers = async (doc: string) =>
    (await world.storedMessages(doc)).filter((m) => m.kind === 'template').length;

  it('counts the customers addressed and those the rules let a marketing template reach', async () => {
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts/audience', {
      template: offer.name,
      params: { name: 'Ana' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ audience: 2, reachable: 1, unusable: 0, problems: [] });
    expect(reply.body.samples[0].text).toBe('Hi Ana, this week the rye bread is half price.');
    for (const doc of chats) expect(await sentOffers(doc)).toBe(0);
    const unknown = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts/audience', {
      template: 'no_such_template',
    });
    expect(unknown.status).toBe(404);
  });

  it('starts one job for two identical requests arriving together, and answers it again', async () => {
    const body = { template: offer.name, params: { name: 'Ana' }, key: 'k'.repeat(20) + 'once' };
    const asShop = (method: string, path: string, b?: unknown) =>
      world.h.asBusiness(shop.who, method, path, b);
    const send = () => asShop('POST', '/business/broadcasts', body);
    const answers = await Promise.all([send(), send()]);
    expect(answers.map((a) => a.status)).toEqual([201, 201]);
    expect(answers[1]!.body.broadcast).toBe(answers[0]!.body.broadcast);
    const ok = [{ body: await finished(asShop, answers[0]!.body.broadcast) }];
    expect(ok[0]!.body).toMatchObject({ status: 'done', sent: 1, refused: 1 });
    expect(await sentOffers(opted.doc)).toBe(1);

    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.body.broadcast).toBe(ok[0]!.body.broadcast);
    expect(await sentOffers(opted.doc)).toBe(1);

    const changed = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts', {
      ...body,
      params: { name: 'Luis' },
    });
    expect(changed.body).toMatchObject({
      kind: 'conflict',
      details: { reason: 'idempotency_mismatch' },
    });
    expect(await sentOffers(opted.doc)).toBe(1);

    const fresh = await broadcastAndWait(asShop, { ...body, key: 'another-key-0000000001' });
    expect(fresh.body).toMatchObject({ sent: 1 });
    expect(await sentOffers(opted.doc)).toBe(2);
  });

  it('refuses a malformed key, changing nothing', async () => {
    const reply = await world.h.asBusiness(shop.who, 'POST', '/business/broadcasts', {
      template: offer.name,
      params: { name: 'Eva' },
      key: 'short',
    });
    expect(reply.status).toBe(400);
    expect(await sentOffers(opted.doc)).toBe(2);
  });

  it('shows the newest verification request: pending, then rejected with the reason', async () => {
    const before = await world.h.asBusiness(shop.who, 'GET', '/business/me');
    expect(before.body.verification).toBeNull();
    const asked = await world.h.asBusiness(shop.who, 'POST', '/business/verification', {
      evidence: 'Trade register 4471.',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const pending = await world.h.asBusiness(shop.who, 'GET', '/business/me');
    expect(pending.body.verification).toMatchObject({ id: asked.body.id, status: 'pending' });
    const decided = await world.h.admin('POST', `/admin/verifications/${asked.body.id}/reject`, {
      reason: 'The register number does not match the name.',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const rejected = await world.h.asBusiness(shop.who, 'GET', '/business/me');
    expect(rejected.body.verification).toMatchObject({
      status: 'rejected',
      decisionReason: 'The register number does not match the name.',
    });
  });

  it('tells a suspended business the reason the operator wrote, on every business route', async () => {
    const note = 'Reported three times for selling counterfeit goods.';
    const reply = await world.h.admin('POST', `/admin/businesses/${shop.who.id}/suspend`, {
      reason: note,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    for (const [method, path, body] of [
      ['GET', '/business/me', undefined],
      ['POST', '/business/broadcasts', { template: offer.name, params: { name: 'Ana' } }],
    ] as const) {
      const refused = await world.h.asBusiness(shop.who, method, path, body);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        kind: 'forbidden',
        details: { reason: 'business_suspended', note },
      });
    }
    expect(await sentOffers(opted.doc)).toBe(2);
    await world.setSuspended(shop.who.id, false);
    const back = await world.h.asBusiness(shop.who, 'GET', '/business/me');
    expect(back.status).toBe(200);
  });
});
