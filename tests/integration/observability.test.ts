/**
 * Issue 14, observability, against the real server: /metrics answers only the configured bearer
 * token, and shows what happened — a forged update refused by its reason code, commits and their
 * latency, open sockets, loaded documents, sign-in codes by sender and result. /health/ready says
 * whether the database answers and carries every migration this build ships.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import postgres from 'postgres';
import { appendText, protocolVersion } from '@souk/sync';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { signIn, startChat, type SignedIn } from '../support/people.ts';
import { rawSocket, type RawSocket } from '../support/raw-socket.ts';
import { freshDatabase } from '../support/processes.ts';

const token = 'metrics-token-for-tests-0123456789';

function updateBody(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The value of one sample (`name{labels}`) in Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((w) => present.includes(w))) return Number(match[3]);
  }
  return 0;
}

describe.each(backends)('observability (%s)', (backend) => {
  let server: TestServer;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;
  beforeAll(async () => {
    server = await startTestServer({ SOUK_METRICS_TOKEN: token }, {}, backend);
    alice = await signIn(server.url, '+34655500001');
    bob = await signIn(server.url, '+34655500002');
    chat = await startChat(server.url, alice, bob.phone);
  });
  afterAll(async () => server?.close());

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };

  it('refuses /metrics without the token or with a wrong one', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-wrong-token-wrong' },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` },
      { authorization: token },
    ] as Array<Record<string, string>>) {
      const res = await fetch(`${server.url}/metrics`, { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.text()).not.toContain('souk_');
    }
  });

  it('shows a refused update by its reason code, commits and their latency, sockets', async () => {
    const before = await scrape();
    const socket: RawSocket = await rawSocket(server.url, alice.cookie);
    socket.send({ type: 'hello', version: protocolVersion, cursor: '' });
    await socket.next((f) => f.type === 'cursor');
    const copy = await server.store.copy(chat);
    const sv = Y.encodeStateVector(copy);
    appendText(copy, bob.id, 'forged in Bob’s name', Date.now());
    socket.send({ type: 'sync', doc: chat, body: updateBody(Y.encodeStateAsUpdate(copy, sv)) });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'not_author' });

    const honest = await server.store.copy(chat);
    const honestSv = Y.encodeStateVector(honest);
    appendText(honest, alice.id, 'honest', Date.now());
    socket.send({
      type: 'sync',
      doc: chat,
      body: updateBody(Y.encodeStateAsUpdate(honest, honestSv)),
    });
    await socket.next((f) => f.type === 'ack');

    const after = await scrape();
    const refused = { reason: 'not_author', stage: 'validator' };
    expect(sample(after, 'souk_refusals_total', refused)).toBe(
      sample(before, 'souk_refusals_total', refused) + 1,
    );
    expect(sample(after, 'souk_commits_total')).toBeGreaterThan(
      sample(before, 'souk_commits_total'),
    );
    expect(sample(after, 'souk_commit_duration_seconds_count')).toBe(
      sample(after, 'souk_commits_total'),
    );
    expect(sample(after, 'souk_sockets')).toBe(1);
    expect(sample(after, 'souk_documents_in_memory')).toBeGreaterThanOrEqual(1);
    expect(after).toContain('souk_webhook_queue_depth 0');
    socket.close();
    await socket.closed;
  });

  it('counts sign-in codes by sender and result, and HTTP refusals by kind', async () => {
    const text = await scrape();
    expect(
      sample(text, 'souk_code_deliveries_total', { sender: 'dev-outbox', result: 'sent' }),
    ).toBe(2);
    await fetch(`${server.url}/api/nothing`);
    expect(
      sample(await scrape(), 'souk_http_refusals_total', { kind: 'not_found' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('says ready when the database answers and carries every migration', async () => {
    const res = await fetch(`${server.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok', migrations: 'current' });
  });

  it('keeps an idle connection open longer than clients and proxies keep theirs', async () => {
    // Closed by the server just as a client reuses it, a connection resets that request.
    const res = await fetch(`${server.url}/health`);
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });
});

describe('metrics without a token', () => {
  it('are not served at all', async () => {
    const server = await startTestServer();
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('a code sender that fails', () => {
  it('is counted as failed, under its name', async () => {
    const server = await startTestServer(
      { SOUK_METRICS_TOKEN: token },
      {
        codeSender: {
          name: 'custom',
          paid: false,
          send: () => Promise.reject(new Error('gateway down')),
        },
        codeDelivery: { retryDelaysMs: [] },
      },
    );
    try {
      await fetch(`${server.url}/api/auth/code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-souk-app': 'personal' },
        body: JSON.stringify({ phone: '+34655500009' }),
      });
      const text = await (
        await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
      ).text();
      expect(
        sample(text, 'souk_code_deliveries_total', { sender: 'custom', result: 'failed' }),
      ).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('readiness on PostgreSQL', () => {
  it('is refused while the database lacks a migration, or was migrated by a newer Souk', async () => {
    const database = await freshDatabase();
    const server = await startTestServer({ DATABASE_URL: database.url });
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [newest] = await sql<Array<{ id: number; hash: string; created_at: string }>>`
        SELECT id, hash, created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`;
      await sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${newest!.id}`;
      const behind = await fetch(`${server.url}/health/ready`);
      expect(behind.status).toBe(503);
      expect(await behind.json()).toMatchObject({ status: 'not_ready', migrations: 'behind' });
      // Liveness is another question: the process is alive.
      expect((await fetch(`${server.url}/health`)).status).toBe(200);

      await sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at)
        VALUES (${newest!.hash}, ${newest!.created_at}), ('from-a-newer-souk', ${Number(newest!.created_at) + 1000})`;
      const ahead = await fetch(`${server.url}/health/ready`);
      expect(ahead.status).toBe(503);
      expect(await ahead.json()).toMatchObject({ migrations: 'ahead' });
    } finally {
      await sql.end();
      await server.close();
      await database.drop();
    }
  });
});
