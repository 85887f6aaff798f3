/**
 * A broadcast to many customers while people chat (issue 19, item 4): a Souk server process on
 * PGlite and then on PostgreSQL; `BENCH_BROADCAST_CUSTOMERS` people (10,000) sign in through the
 * real API and opt in to a shop from their own sockets; meanwhile `BENCH_CHATTERS` people (20) in
 * private chats each write `BENCH_CHAT_RATE` messages a second (2) over their sockets, and the
 * benchmark records each message's send → acknowledgement time. Figures: that latency's p50/p99
 * before the broadcast (10 s) and while it is sent, the broadcast's time from the request to the
 * job's `done`, the messages per second it reached, and the server's memory (peak RSS sampled
 * every second; heap after a full collection at the end). The server paces broadcasts itself
 * (`SOUK_BROADCAST_RATE`, 50 a second unless set).
 */
import { loadavg } from 'node:os';
import { appendText } from '@souk/sync';
import { signIn } from '../support/people.ts';
import { rawParty, type RawParty } from '../support/raw-party.ts';
import { createOperator, openShop, optIn } from '../support/shop.ts';
import { percentile } from './load.ts';
import {
  benchPhone,
  createStorage,
  inParallel,
  mb,
  pairUp,
  startSouk,
  type Backend,
} from './souk.ts';

export interface BroadcastFigures {
  backend: Backend;
  customers: number;
  seconds: number;
  perSecond: number;
  peakRss: number;
  heapAfter: number;
  before: { p50: number; p99: number; messages: number };
  during: { p50: number; p99: number; messages: number };
  /** The machine's one-minute load average when the broadcast started and when it was done. */
  load: { start: number; end: number };
  /** Chat messages the server did not answer within 10 s (each should be 0). */
  unanswered: number;
}

const customers = Number(process.env.BENCH_BROADCAST_CUSTOMERS ?? 10_000);
const chatters = Number(process.env.BENCH_CHATTERS ?? 20);
const chatRate = Number(process.env.BENCH_CHAT_RATE ?? 2);

/** The chat load: each chatter writes at `chatRate`; ack latencies go into `into` while set. */
function chatLoad(parties: Array<{ party: RawParty; doc: string; id: string }>) {
  let into: number[] | null = null;
  let stopped = false;
  let unanswered = 0;
  const loops = parties.map(async ({ party, doc, id }, i) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / chatRate / parties.length));
    while (!stopped) {
      const started = Date.now();
      // A message with no answer in 10 s is counted, not fatal: the run still says the rest.
      const frame = await party
        .write(doc, (d) => appendText(d, id, `hello ${started}`, started))
        .catch(() => (unanswered++, null));
      if (frame?.type === 'ack') into?.push(Date.now() - started);
      const wait = 1000 / chatRate - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  });
  return {
    record: (latencies: number[] | null) => (into = latencies),
    unanswered: () => unanswered,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), messages: sorted.length };
};

export async function runBroadcastBench(backend: Backend): Promise<BroadcastFigures> {
  const storage = await createStorage(backend);
  const operatorPhone = benchPhone(1);
  await createOperator(storage.env, operatorPhone);
  const souk = await startSouk(storage);
  try {
    const { call: shop, business } = await openShop(
      () => souk.url,
      { operator: operatorPhone, shop: benchPhone(2) },
      'Bench Shop',
    );
    await shop('POST', '/business/templates', {
      name: 'bench_news',
      category: 'marketing',
      defaultLanguage: 'en',
      translations: { en: { body: 'Hello {{name}}, our news of the week is out.' } },
    });
    console.log(`  ${backend}: ${customers} customers sign in and opt in…`);
    await inParallel(customers, 16, async (i) => {
      await optIn(souk.url, await signIn(souk.url, benchPhone(1000 + i)), business.id);
    });
    const people = await inParallel(chatters, 8, (i) => signIn(souk.url, benchPhone(100 + i)));
    const docs = await pairUp(souk.url, people);
    const parties = await Promise.all(
      people.map(async (who, i) => {
        const party = await rawParty(souk.url, who);
        const doc = docs[Math.floor(i / 2)]!;
        await party.open(doc);
        return { party, doc, id: who.id };
      }),
    );
    const body = { template: 'bench_news', params: { name: 'friend' } };
    const preview = await shop('POST', '/business/broadcasts/audience', body);
    if (preview.audience !== customers) throw new Error(`audience ${preview.audience}`);

    const chat = chatLoad(parties);
    const before: number[] = [];
    chat.record(before);
    await new Promise((r) => setTimeout(r, 10_000));
    const during: number[] = [];
    chat.record(during);
    let peakRss = await souk.rss();
    const loadAtStart = loadavg()[0]!;
    const started = Date.now();
    const job = await shop('POST', '/business/broadcasts', body);
    let nextReport = 30;
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      peakRss = Math.max(peakRss, await souk.rss());
      const progress = await shop('GET', `/business/broadcasts/${job.broadcast}`);
      const elapsed = Math.round((Date.now() - started) / 1000);
      // A long run says how far it got (the rate so far) every 30 s.
      if (elapsed >= nextReport && progress.status === 'running') {
        nextReport += 30;
        console.log(`  ${backend}: ${progress.sent}/${customers} sent after ${elapsed} s`);
      }
      if (progress.status !== 'running') {
        if (progress.sent !== customers) throw new Error(`sent ${progress.sent}`);
        break;
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const load = { start: loadAtStart, end: loadavg()[0]! };
    chat.record(null);
    await chat.stop();
    parties.forEach(({ party }) => party.close());
    const memory = await souk.memory();
    return {
      backend,
      customers,
      seconds,
      perSecond: customers / seconds,
      peakRss,
      heapAfter: memory.heapUsed + memory.external,
      before: summary(before),
      during: summary(during),
      load,
      unanswered: chat.unanswered(),
    };
  } finally {
    await souk.stop();
    await storage.drop();
  }
}

export function printBroadcast(r: BroadcastFigures): void {
  console.log(
    `  ${r.backend}: ${r.customers} customers in ${r.seconds.toFixed(1)} s ` +
      `(${r.perSecond.toFixed(1)}/s); server peak RSS ${mb(r.peakRss)}, heap after ${mb(r.heapAfter)}; ` +
      `chat send→ack p50/p99 before ${r.before.p50}/${r.before.p99} ms (${r.before.messages}), ` +
      `during ${r.during.p50}/${r.during.p99} ms (${r.during.messages}); ` +
      `unanswered ${r.unanswered}; ` +
      `load average ${r.load.start.toFixed(2)} → ${r.load.end.toFixed(2)}`,
  );
}

export async function runBroadcasts(): Promise<BroadcastFigures[]> {
  const backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',') as Backend[];
  const figures: BroadcastFigures[] = [];
  for (const backend of backends) {
    const r = await runBroadcastBench(backend);
    printBroadcast(r);
    figures.push(r);
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await runBroadcasts();
