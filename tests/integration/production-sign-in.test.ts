/**
 * Issue 14, "done when", as one run of Souk in production mode (a real process, NODE_ENV=
 * production) with the stand-in gateway that ships in the repo (tools/sms-gateway.mjs) as its
 * sender:
 * - people sign in with the codes that went through the gateway (localised, WebOTP line; no
 *   development outbox);
 * - the app's files arrive precompressed with the caching and security headers the issue lists,
 *   and JSON over 1 KB compressed;
 * - `souk export` runs while devices keep sending (each its next message as soon as the last is
 *   acknowledged); `souk import` loads it into an empty database of the other kind; every message
 *   acknowledged before the export reached the server is there (before its snapshot point), none
 *   written after the export ended is (it is one snapshot), and a production Souk on the imported
 *   database serves them to a new device of someone who signs in again through the gateway.
 * Without a sender, production refuses to start, in one line naming the variables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type * as Y from 'yjs';
import { appendText, readMessageEntries } from '@souk/sync';
import { startServerProcess, testStorage, type ServerProcess } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';
import { backends } from '../support/server.ts';
import { device, eventually, startChat, type SignedIn } from '../support/people.ts';
import { signInThroughGateway, startGateway, type Gateway } from '../support/sms-gateway.ts';
import { fakeBuild, fakePolicy, fakeScript, fakeShell } from '../support/fake-build.ts';
import { rawRequest, type RawResponse } from '../support/raw-http.ts';
import { soukCli } from '../support/souk-cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = 'stand-in-gateway-secret';
const token = 'production-test-operator-token-0123456789';
const publicUrl = 'https://souk.test';

/** Production behind a TLS proxy: the public URL is https (so HSTS), the process plain http. */
function production(storage: Record<string, string>, gateway: Gateway, webDir?: string) {
  return {
    ...storage,
    NODE_ENV: 'production',
    SOUK_PUBLIC_URL: publicUrl,
    SOUK_SMS_WEBHOOK_URL: gateway.url,
    SOUK_SMS_WEBHOOK_SECRET: secret,
    SOUK_OPERATOR_TOKEN: token,
    ...(webDir ? { WEB_DIR: webDir } : {}),
  };
}

/** The headers of issue 14 (security, and HSTS since the public URL is https). */
function expectHardened(res: RawResponse, what: string): void {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['permissions-policy'], what).toMatch(/(^|, )camera=\(self\)(,|$)/);
  expect(res.headers['permissions-policy'], what).toMatch(/(^|, )microphone=\(self\)(,|$)/);
  expect(res.headers['strict-transport-security'], what).toBe('max-age=31536000');
  const policy = res.headers['content-security-policy'] ?? '';
  expect(policy, what).toContain("frame-ancestors 'none'");
  expect(policy, what).not.toContain('unsafe-inline');
}

async function expectCompressedDelivery(url: string): Promise<void> {
  const get = (path: string, encodings: string) =>
    rawRequest(`${url}${path}`, { headers: { 'accept-encoding': encodings } });
  const appPolicy = `${fakePolicy}; frame-ancestors 'none'`;
  const files = [
    ['/_app/immutable/entry/app.abc123.js', fakeScript, 'public, max-age=31536000, immutable'],
    ['/service-worker.js', fakeScript, 'no-cache'],
    ['/', fakeShell, 'no-cache'],
    ['/chat/somewhere', fakeShell, 'no-cache'],
  ] as const;
  for (const [path, text, caching] of files) {
    const br = await get(path, 'gzip, deflate, br, zstd');
    expect(br.status, path).toBe(200);
    expect(br.headers['content-encoding'], path).toBe('br');
    expect(brotliDecompressSync(br.body).toString(), path).toBe(text);
    const gzip = await get(path, 'gzip, deflate');
    expect(gzip.headers['content-encoding'], path).toBe('gzip');
    expect(gunzipSync(gzip.body).toString(), path).toBe(text);
    for (const res of [br, gzip]) {
      expect(res.headers['vary'], path).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control'], path).toBe(caching);
      expect(res.headers['content-security-policy'], path).toBe(appPolicy);
      expectHardened(res, path);
    }
  }
  // A JSON answer over 1 KB (the Business API's OpenAPI document), compressed on the fly.
  const json = '/api/v1/openapi.json';
  const document = await get(json, 'gzip, br');
  expect(document.status).toBe(200);
  expect(document.headers['content-type']).toMatch(/^application\/json/);
  expect(document.headers['content-encoding']).toBe('br');
  expect(document.headers['vary']).toMatch(/accept-encoding/i);
  const plain = brotliDecompressSync(document.body);
  expect(plain.length).toBeGreaterThan(1024);
  expect(JSON.parse(plain.toString())).toMatchObject({ openapi: expect.any(String) });
  expectHardened(document, json);
  expect(document.headers['content-security-policy']).toMatch(/default-src 'none'/);
}

/**
 * A pass-through to Souk that calls `reached` when the export request arrives, before passing it
 * on: what is acknowledged at that moment was committed before the export's snapshot.
 */
async function exportDoor(target: string, reached: () => void): Promise<Server> {
  const door = createServer((req, res) => {
    if (req.url?.startsWith('/api/ops/export')) reached();
    const onward = request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    onward.on('error', () => res.destroy());
    req.pipe(onward);
  });
  await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
  return door;
}

const idsIn = (doc: Y.Doc) => new Set(readMessageEntries(doc).map((e) => e.message.id));

describe.each(backends)('production on %s', (backend) => {
  const other = backend === 'pglite' ? 'postgres' : 'pglite';
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it(`signs in through the gateway, serves compressed hardened files, and moves to ${other} under load with nothing lost`, async () => {
    const source = await testStorage(backend);
    cleanups.push(() => source.drop());
    const gateway = await startGateway(secret);
    cleanups.push(() => gateway.stop());
    const webDir = fakeBuild();
    cleanups.push(() => rmSync(webDir, { recursive: true, force: true }));
    const dir = mkdtempSync(join(tmpdir(), 'souk-production-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let souk: ServerProcess | null = await startServerProcess(
      production(source.env, gateway, webDir),
      await freePort(),
    );
    cleanups.push(() => souk?.stop());
    const url = souk.url;

    // Sign-in codes reach the gateway, signed (it refuses anything else), in the person's language.
    const phone = (n: number) => `+3462200${String(n).padStart(4, '0')}`;
    const first = await signInThroughGateway(url, gateway, phone(1), {
      'accept-language': 'es-ES,es;q=0.9',
    });
    expect(first.sms.locale).toBe('es');
    expect(first.sms.text.split('\n').at(-1)).toBe(`@souk.test #${first.sms.code}`);
    const people: SignedIn[] = [first];
    for (const n of [2, 3, 4]) people.push(await signInThroughGateway(url, gateway, phone(n)));
    expect((await fetch(`${url}/api/dev/outbox`)).status).toBe(404);
    const me = await fetch(`${url}/api/me`, { headers: { cookie: first.cookie } });
    expect(await me.json()).toMatchObject({ id: first.id, phone: phone(1), kind: 'person' });

    await expectCompressedDelivery(url);

    // Load: two chats, every device sends its next message as soon as the last is acknowledged.
    const chats = [
      await startChat(url, people[0]!, people[1]!.phone),
      await startChat(url, people[2]!, people[3]!.phone),
    ];
    const refusals: string[] = [];
    let writing = true;
    const devices = await Promise.all(
      people.map(async (person, i) => {
        const { client } = device(url, person);
        cleanups.push(() => client.stop());
        client.on('refused', (name, { code }) => refusals.push(`${name}: ${code}`));
        client.start();
        const chat = chats[Math.floor(i / 2)]!;
        const doc = await client.open(chat);
        const sent: string[] = [];
        const send = () =>
          sent.push(appendText(doc, person.id, `d${i}-${sent.length}`, Date.now()).id);
        client.on('ack', (name) => {
          if (name === chat && writing) send();
        });
        send();
        return { person, chat, client, doc, sent };
      }),
    );
    /** The messages the server has acknowledged to their authors, by chat. */
    const acknowledged = () =>
      devices.map((d) => {
        const state = d.client.serverState(d.chat);
        const ids = readMessageEntries(d.doc)
          .filter((e) => e.message.author === d.person.id)
          .filter((e) => (state.get(e.client) ?? 0) > e.clock)
          .map((e) => e.message.id);
        return { chat: d.chat, ids };
      });
    await eventually(
      () => acknowledged().every(({ ids }) => ids.length >= 5),
      60_000,
      'five acknowledged messages from every device',
    );

    // The export, by the CLI (another process) through a door that notes what was acknowledged
    // when the request reached Souk, while the devices keep sending.
    let before: ReturnType<typeof acknowledged> | null = null;
    const door = await exportDoor(url, () => (before ??= acknowledged()));
    cleanups.push(() => {
      door.closeAllConnections();
      return new Promise((resolve) => door.close(resolve));
    });
    const { port } = door.address() as { port: number };
    const file = join(dir, 'souk.ndjson.gz');
    const exported = await soukCli(['export', file], {
      SOUK_URL: `http://127.0.0.1:${port}`,
      SOUK_OPERATOR_TOKEN: token,
    });
    expect(exported).toEqual({ code: 0, stdout: `Exported to ${file}.\n` });
    // The load goes on past the export: messages sent once it had ended (after its snapshot,
    // whatever the clocks say) are acknowledged too.
    const sentBy = devices.map((d) => d.sent.length);
    const acknowledgedAfter = () =>
      acknowledged().map(({ ids }, i) => {
        const later = new Set(devices[i]!.sent.slice(sentBy[i]));
        return ids.filter((id) => later.has(id));
      });
    await eventually(
      () => acknowledgedAfter().every((ids) => ids.length > 0),
      60_000,
      'a message sent after the export acknowledged on every device',
    );
    writing = false;
    const after = acknowledgedAfter();
    const acked = before!.map(({ ids }) => ids);
    for (const ids of acked) expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(refusals).toEqual([]);
    devices.forEach((d) => d.client.stop());
    expect(await souk.stop()).toBe(0);
    souk = null;

    // Into an empty database of the other kind: every message acknowledged before the export
    // reached the server is there; none sent after it ended is.
    const target = await testStorage(other);
    cleanups.push(() => target.drop());
    const imported = await soukCli(['import', file], target.env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported \d+ rows of \d+ tables into .+\.\n$/);
    for (const [i, chat] of chats.entries()) {
      const stored = idsIn(await target.stored(chat));
      for (const d of [2 * i, 2 * i + 1]) {
        expect(acked[d]!.filter((id) => !stored.has(id))).toEqual([]);
        expect(after[d]!.filter((id) => stored.has(id))).toEqual([]);
      }
    }

    // Production Souk on the imported database: someone signs in again through the gateway (the
    // same identity) and a new device of theirs receives every acknowledged message.
    const moved = await startServerProcess(production(target.env, gateway), await freePort());
    cleanups.push(() => moved.stop());
    const again = await signInThroughGateway(moved.url, gateway, phone(3));
    expect(again.id).toBe(people[2]!.id);
    const { client } = device(moved.url, again);
    cleanups.push(() => client.stop());
    client.start();
    const doc = await client.open(chats[1]!);
    const expected = [...acked[2]!, ...acked[3]!];
    await eventually(
      () => {
        const ids = idsIn(doc);
        return expected.every((id) => ids.has(id));
      },
      30_000,
      'every acknowledged message on a new device',
    );
  }, 240_000);

  it('refuses to start in production without a sender, in one line naming the variables', async () => {
    const storage = await testStorage(backend);
    cleanups.push(() => storage.drop());
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...storage.env, NODE_ENV: 'production', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const name of ['SOUK_SMS_WEBHOOK_URL', 'SOUK_TWILIO_ACCOUNT_SID', 'SOUK_VONAGE_API_KEY'])
      expect(lines[0]).toContain(name);
  });
});
