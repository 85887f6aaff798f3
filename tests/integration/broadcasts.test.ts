/**
 * Broadcasts as jobs (issue 19, item 4), on both databases: the CSV is checked row by row before
 * anything is sent (no phone column, a number that is not one, a repeated number, someone who
 * did not opt in, a missing or unfit value) and only usable rows are addressed; a running job is
 * cancelled — what went stays sent, the rest is `cancelled` and never sent; another business
 * cannot read or cancel the job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDraft } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { allResults, finished } from '../support/broadcasts.ts';
import { eventually } from '../support/people.ts';

const sale: TemplateDraft = {
  name: 'spring_sale',
  category: 'marketing',
  defaultLanguage: 'en',
  translations: { en: { body: 'Hello {{name}}, the spring sale starts on {{day}} at ten.' } },
};

describe.each(backends)('broadcast jobs on %s', (backend) => {
  // Slow enough to cancel part-way: 5 a second.
  const world = consentWorld(
    backend,
    '+34 693 410 001',
    '+3469341',
    {},
    {
      SOUK_BROADCAST_RATE: '5',
    },
  );
  let shop: Member;
  const fans: Member[] = [];
  let stranger: Member;
  const asShop = (method: string, path: string, body?: unknown) =>
    world.h.asBusiness(shop.who, method, path, body);

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Vivero Sur');
    const reply = await asShop('POST', '/business/templates', sale);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    for (let i = 0; i < 10; i++) {
      const fan = await world.person();
      expect(await world.prefs(fan, (p) => p.set(`optIn:${shop.who.id}`, true))).toMatchObject({
        type: 'ack',
      });
      fans.push(fan);
    }
    stranger = await world.person();
  }, 120_000);
  afterAll(() => world.stop());

  it('checks every CSV row before sending and addresses only the usable ones', async () => {
    const [a, b, c] = fans;
    const csv = [
      'Phone,Name,Day,Notes',
      `${a!.who.phone},Ana,Monday,regular`,
      `"${b!.who.phone}","Bea, the gardener",Tuesday,`,
      `${a!.who.phone},Ana again,Monday,`,
      `${stranger.who.phone},Stranger,Monday,`,
      'not a phone,X,Monday,',
      `${c!.who.phone},,Monday,`,
      `${fans[3]!.who.phone},${'x'.repeat(101)},Monday,`,
      `${fans[4]!.who.phone},Short row`,
    ].join('\r\n');
    const preview = await asShop('POST', '/business/broadcasts/audience', {
      template: sale.name,
      csv,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ audience: 2, reachable: 2, unusable: 6 });
    expect(preview.body.samples.map((s: { text: string }) => s.text)).toEqual([
      'Hello Ana, the spring sale starts on Monday at ten.',
      'Hello Bea, the gardener, the spring sale starts on Tuesday at ten.',
    ]);
    expect(
      preview.body.problems.map((p: { line: number; problem: string }) => [p.line, p.problem]),
    ).toEqual([
      [4, 'duplicate_row'],
      [5, 'not_a_customer'],
      [6, 'bad_phone'],
      [7, 'missing_parameter'],
      [8, 'parameter_too_long'],
      [9, 'bad_row'],
    ]);
    expect(
      (
        await asShop('POST', '/business/broadcasts/audience', {
          template: sale.name,
          csv: 'name\nx',
        })
      ).body.problems,
    ).toEqual([{ line: 1, phone: '', problem: 'no_phone_column' }]);

    const job = await asShop('POST', '/business/broadcasts', { template: sale.name, csv });
    expect(job.body).toMatchObject({ status: 'running', total: 2 });
    const done = await finished(asShop, job.body.broadcast);
    expect(done).toMatchObject({ status: 'done', sent: 2, refused: 0 });
    expect(done.results.map((r) => r.personId)).toEqual([a!.who.id, b!.who.id]);
    expect(await world.storedTexts(done.results[1]!.conversation!)).toEqual([
      'Hello Bea, the gardener, the spring sale starts on Tuesday at ten.',
    ]);
  });

  it("takes a customer's name from their profile, and a shared value for the others", async () => {
    const named = await world.h.call(fans[5]!.who, 'personal', 'PUT', '/profile', {
      name: 'Zoe Ortiz',
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    const preview = await asShop('POST', '/business/broadcasts/audience', {
      template: sale.name,
      params: { name: 'friend', day: 'Sunday' },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const texts = preview.body.samples.map((s: { text: string }) => s.text);
    // The samples are the first customers by number: fans[5] is among them when sorted first.
    const sorted = [...fans].sort((x, y) => (x.who.phone < y.who.phone ? -1 : 1));
    const first = sorted.slice(0, 3);
    expect(texts).toEqual(
      first.map(
        (f) =>
          `Hello ${f === fans[5] ? 'Zoe Ortiz' : 'friend'}, the spring sale starts on Sunday at ten.`,
      ),
    );
    // Without a shared value, those without a profile name are unusable, each with why.
    const bare = await asShop('POST', '/business/broadcasts/audience', {
      template: sale.name,
      params: { day: 'Sunday' },
    });
    expect(bare.body).toMatchObject({ audience: 1, unusable: fans.length - 1 });
    expect(bare.body.samples[0].text).toBe(
      'Hello Zoe Ortiz, the spring sale starts on Sunday at ten.',
    );
    expect(bare.body.problems[0]).toMatchObject({
      line: 0,
      problem: 'missing_parameter',
      parameter: 'name',
    });
  });

  it('cancels a running job: what went stays sent, nobody else gets it', async () => {
    const started = await asShop('POST', '/business/broadcasts', {
      template: sale.name,
      params: { name: 'friend', day: 'Friday' },
    });
    expect(started.body).toMatchObject({ status: 'running', total: fans.length });
    const id = started.body.broadcast;
    await eventually(
      async () => (await asShop('GET', `/business/broadcasts/${id}`)).body.sent >= 1,
      20_000,
      'the first sent',
    );
    const cancelled = await asShop('POST', `/business/broadcasts/${id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancelled).toBeGreaterThan(0);
    // Another business sees no such broadcast, and cannot cancel it.
    const other = await world.business('Vivero Norte');
    for (const [method, path] of [
      ['GET', `/business/broadcasts/${id}`],
      ['GET', `/business/broadcasts/${id}/results`],
      ['POST', `/business/broadcasts/${id}/cancel`],
    ] as const)
      expect((await world.h.asBusiness(other.who, method, path)).status).toBe(404);

    // The answer came once the runner let go: the counts hold still and match what is stored.
    const results = await allResults(asShop, id);
    const sent = results.filter((r) => r.status === 'sent');
    const stopped = results.filter((r) => r.status === 'cancelled');
    expect(sent.length + stopped.length).toBe(fans.length);
    const final = (await asShop('GET', `/business/broadcasts/${id}`)).body;
    expect(final).toMatchObject({
      status: 'cancelled',
      sent: sent.length,
      cancelled: stopped.length,
    });
    for (const r of stopped) expect(r.messageId).toBeNull();
    for (const fan of fans) {
      const result = results.find((r) => r.personId === fan.who.id)!;
      const texts = result.conversation ? await world.storedTexts(result.conversation) : [];
      const got = texts.filter((t) => t.includes('Friday')).length;
      expect(got, fan.who.phone).toBe(result.status === 'sent' ? 1 : 0);
    }
  });
});
