/**
 * Creating a big broadcast job never holds the database (issue 19, item 4; the broadcast
 * benchmark once lost a live message's acknowledgement to it), on both databases. The server
 * stores a job's recipients in batches; here a creation is paused after its first batch (the
 * `broadcastCreation.afterBatch` seam) and, while it is paused part-way, a customer's live chat
 * message is acknowledged — under one long transaction on PGlite it would wait for the whole
 * creation. A creation that fails part-way leaves no job and gives its key back; a job cancelled
 * while it is prepared sends nothing and keeps a result for everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDraft } from '@souk/sync';
import { backends } from '../support/server.ts';
import { consentWorld, type Member } from '../support/consent.ts';
import { finished } from '../support/broadcasts.ts';

const news: TemplateDraft = {
  name: 'garden_news',
  category: 'marketing',
  defaultLanguage: 'en',
  translations: { en: { body: 'Hello {{name}}, the roses are in.' } },
};
const fanCount = 30;
const batchSize = 10;

/** A promise and the function that settles it. */
function signal<T = void>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe.each(backends)('creating a broadcast job on %s', (backend) => {
  /** What the server does after storing each batch of recipients (a test sets it). */
  let afterBatch: ((stored: number) => Promise<void>) | null = null;
  const world = consentWorld(backend, '+34 693 420 001', '+3469342', {
    broadcastCreation: { batchSize, afterBatch: async (stored) => afterBatch?.(stored) },
  });
  let shop: Member;
  let chatter: Member;
  let doc: string;
  const fans: Member[] = [];
  const asShop = (method: string, path: string, body?: unknown) =>
    world.h.asBusiness(shop.who, method, path, body);
  const everyone = { template: news.name, params: { name: 'friend' } };

  /** Pauses the next creation after its first batch: `paused` once there, `go` lets it on. */
  function pauseAfterFirstBatch() {
    const paused = signal();
    const go = signal();
    const stored: number[] = [];
    afterBatch = async (n) => {
      stored.push(n);
      if (n !== batchSize) return;
      paused.settle();
      await go.promise;
    };
    return { paused: paused.promise, go: () => go.settle(), stored };
  }

  /** Waits for the pause, or fails at once with the answer of a creation that never paused. */
  async function pausedOrAnswered(paused: Promise<void>, creating: Promise<{ body: unknown }>) {
    await Promise.race([
      paused,
      creating.then((r) => Promise.reject(new Error(`not paused: ${JSON.stringify(r.body)}`))),
    ]);
  }

  beforeAll(async () => {
    await world.start();
    shop = await world.business('Rosaleda Este');
    expect((await asShop('POST', '/business/templates', news)).status).toBe(201);
    for (let i = 0; i < fanCount; i++) {
      const fan = await world.person();
      expect(await world.prefs(fan, (p) => p.set(`optIn:${shop.who.id}`, true))).toMatchObject({
        type: 'ack',
      });
      fans.push(fan);
    }
    chatter = await world.person();
    doc = await world.chatWith(chatter, shop);
  }, 180_000);
  afterAll(() => world.stop());

  it('acknowledges a live message while a job is created part-way, then sends the job', async () => {
    const pause = pauseAfterFirstBatch();
    const creating = asShop('POST', '/business/broadcasts', {
      ...everyone,
      key: 'live-message-during-creation',
    });
    await pausedOrAnswered(pause.paused, creating);
    // Creation holds at one batch of three: a customer's message goes through meanwhile.
    expect(await world.say(chatter, doc, 'Do you have white roses?')).toMatchObject({
      type: 'ack',
    });
    expect(pause.stored).toEqual([batchSize]);
    pause.go();
    const job = await creating;
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    expect(job.body).toMatchObject({ status: 'running', total: fanCount, sent: 0 });
    expect(pause.stored).toEqual([10, 20, 30]);
    const done = await finished(asShop, job.body.broadcast);
    expect(done).toMatchObject({ status: 'done', sent: fanCount, refused: 0 });
    expect(new Set(done.results.map((r) => r.personId))).toEqual(
      new Set(fans.map((f) => f.who.id)),
    );
  });

  it('leaves no job when creation fails part-way, and the key starts it afresh', async () => {
    afterBatch = async (n) => {
      if (n === 2 * batchSize) throw new Error('the disk is full');
    };
    const failed = await asShop('POST', '/business/broadcasts', {
      ...everyone,
      key: 'failed-creation-retried',
    });
    expect(failed.status).toBe(500);
    afterBatch = null;
    const again = await asShop('POST', '/business/broadcasts', {
      ...everyone,
      key: 'failed-creation-retried',
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const done = await finished(asShop, again.body.broadcast);
    expect(done).toMatchObject({ status: 'done', total: fanCount, sent: fanCount });
    expect(done.results).toHaveLength(fanCount);
  });

  it('cancels a job while it is created: nobody gets it, everyone has a result', async () => {
    const pause = pauseAfterFirstBatch();
    const body = { ...everyone, key: 'cancelled-during-creation' };
    const creating = asShop('POST', '/business/broadcasts', body);
    await pausedOrAnswered(pause.paused, creating);
    // The same request again answers the job being created.
    const same = await asShop('POST', '/business/broadcasts', body);
    expect(same.body).toMatchObject({ status: 'running', total: fanCount, sent: 0 });
    const cancelled = await asShop('POST', `/business/broadcasts/${same.body.broadcast}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sent: 0 });
    pause.go();
    const job = await creating;
    expect(job.body).toMatchObject({ broadcast: same.body.broadcast, status: 'cancelled' });
    const done = await finished(asShop, job.body.broadcast);
    expect(done).toMatchObject({ status: 'cancelled', sent: 0, cancelled: fanCount });
    expect(done.results.map((r) => r.status)).toEqual(Array(fanCount).fill('cancelled'));
  });
});
