/**
 * The business platform through the real server, for integration tests: a server whose database
 * already has one operator (made with the CLI's own code), JSON calls as any app, and the steps
 * every business story starts with (terms published and accepted, a registered business), plus
 * bare protocol sockets for what a modified app could send.
 */
import { expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { syncBody } from './sync-body.ts';
import {
  protocolVersion,
  readProfile,
  readServerFrame,
  writeFrame,
  type BusinessProfile,
  type ClientFrame,
  type ServerFrame,
} from '@souk/sync';
import { runCli, type StartOptions } from '@souk/server';
import { startTestServer, type Backend, type TestServer } from './server.ts';
import { freshDatabase } from './processes.ts';
import { signIn, type SignedIn } from './people.ts';

export type App = 'personal' | 'business';
export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A server whose database already has one operator, made with the CLI's own code. */
export async function platformServer(
  backend: Backend,
  operatorPhone: string,
  options: StartOptions = {},
  extraEnv: Record<string, string> = {},
) {
  const limits = { authLimits: { perIp: 10_000, perPhone: 100 }, ...options };
  const quiet = () => {};
  if (backend === 'postgres') {
    const database = await freshDatabase();
    const env = { DATABASE_URL: database.url, ...extraEnv };
    expect(await runCli(['create-operator', '--phone', operatorPhone], env, quiet)).toBe(0);
    const server = await startTestServer(env, limits);
    return { server, cleanup: async () => (await server.close(), await database.drop()) };
  }
  const dir = mkdtempSync(join(tmpdir(), 'souk-platform-'));
  const env = { DATA_DIR: dir, ...extraEnv };
  expect(await runCli(['create-operator', '--phone', operatorPhone], env, quiet)).toBe(0);
  const server = await startTestServer(env, limits);
  return {
    server,
    cleanup: async () => (await server.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

/** A bare protocol socket for either app, the way a modified client would speak. */
export async function socketOf(baseUrl: string, who: SignedIn, app: App) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync?app=${app}`, {
    headers: { cookie: who.cookie },
    origin: new URL(baseUrl).origin,
  });
  ws.binaryType = 'arraybuffer';
  const frames: ServerFrame[] = [];
  ws.on('message', (data: ArrayBuffer) => frames.push(readServerFrame(new Uint8Array(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = async (predicate: (f: ServerFrame) => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = frames.findIndex(predicate);
      if (index >= 0) return frames.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error('no matching frame');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const send = (frame: ClientFrame) => ws.send(writeFrame(frame));
  send({ type: 'hello', version: protocolVersion, cursor: '' });
  await next((f) => f.type === 'cursor');
  return { send, next, close: () => ws.close() };
}

export { syncBody };

/** Opens `doc` on `socket` and returns the server's copy (its step 2; catch-up frames are skipped). */
async function openDoc(socket: Awaited<ReturnType<typeof socketOf>>, doc: string): Promise<Y.Doc> {
  socket.send({
    type: 'sync',
    doc,
    body: syncBody(syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(new Y.Doc())),
  });
  const isStep2 = (f: ServerFrame) =>
    f.type === 'sync' &&
    f.doc === doc &&
    decoding.readVarUint(decoding.createDecoder(f.body)) === syncProtocol.messageYjsSyncStep2;
  const frame = await socket.next(isStep2);
  const decoder = decoding.createDecoder((frame as { body: Uint8Array }).body);
  decoding.readVarUint(decoder);
  const copy = new Y.Doc();
  Y.applyUpdate(copy, decoding.readVarUint8Array(decoder));
  return copy;
}

/**
 * One platform per test file: `operatorPhone` is an operator, `personPhone` a person who reads
 * profiles; businesses get fresh numbers from `newBusiness`.
 */
export function platformHarness(
  backend: Backend,
  operatorPhone: string,
  personPhone: string,
  options: StartOptions = {},
  env: Record<string, string> = {},
) {
  const h = {
    server: null as unknown as TestServer,
    operator: null as unknown as SignedIn,
    person: null as unknown as SignedIn,
    cleanup: async () => {},
  };
  let phoneCounter = 0;

  async function start(): Promise<void> {
    const started = await platformServer(backend, operatorPhone, options, env);
    h.server = started.server;
    h.cleanup = started.cleanup;
    h.operator = await signIn(h.server.url, operatorPhone.replace(/\s/g, ''));
    h.person = await signIn(h.server.url, personPhone);
  }

  async function call(
    who: SignedIn | null,
    app: App,
    method: string,
    path: string,
    body?: unknown,
    init: { type?: string; raw?: Blob } = {},
  ): Promise<Reply> {
    const response = await fetch(`${h.server.url}/api${path}`, {
      method,
      headers: {
        'content-type': init.type ?? 'application/json',
        'x-souk-app': app,
        ...(who ? { cookie: who.cookie } : {}),
        origin: h.server.url,
      },
      ...(init.raw ? { body: init.raw } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const admin = (method: string, path: string, body?: unknown) =>
    call(h.operator, 'personal', method, path, body);
  const asBusiness = (who: SignedIn, method: string, path: string, body?: unknown) =>
    call(who, 'business', method, path, body);

  async function publish(kind: 'tos' | 'privacy', text: string): Promise<number> {
    const reply = await admin('POST', '/admin/terms', { kind, text });
    expect(reply.status).toBe(201);
    return reply.body.version as number;
  }

  async function newBusiness(): Promise<SignedIn> {
    phoneCounter++;
    return signIn(h.server.url, `+3466${String(phoneCounter).padStart(7, '0')}`, 'business');
  }

  async function acceptCurrent(who: SignedIn): Promise<void> {
    const { body: terms } = await call(null, 'personal', 'GET', '/terms');
    const reply = await asBusiness(who, 'POST', '/business/terms/accept', {
      tos: terms.tos.version,
      privacy: terms.privacy.version,
    });
    expect(reply.status).toBe(200);
  }

  async function registered(name: string, category = 'food'): Promise<SignedIn> {
    const business = await newBusiness();
    await acceptCurrent(business);
    const reply = await asBusiness(business, 'POST', '/business/register', { name, category });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return business;
  }

  /** The profile as a customer's device receives it when it opens the document. */
  async function profileSeenByCustomer(businessId: string): Promise<BusinessProfile> {
    const socket = await socketOf(h.server.url, h.person, 'personal');
    const copy = await openDoc(socket, `profile:${businessId}`);
    socket.close();
    return readProfile(copy);
  }

  /** A business writing into its own profile document over its socket, as a modified app could. */
  function writeOwnProfile(who: SignedIn, key: string, value: unknown) {
    return writeDoc(who, 'business', `profile:${who.id}`, (local) =>
      local.getMap('profile').set(key, value),
    );
  }

  /** One change to a document over the identity's own socket; the server's ack or error frame. */
  async function writeDoc(who: SignedIn, app: App, doc: string, edit: (local: Y.Doc) => void) {
    const socket = await socketOf(h.server.url, who, app);
    const local = await openDoc(socket, doc);
    const before = Y.encodeStateVector(local);
    edit(local);
    socket.send({
      type: 'sync',
      doc,
      body: syncBody(syncProtocol.messageYjsUpdate, Y.encodeStateAsUpdate(local, before)),
    });
    const answer = await socket.next(
      (f) => (f.type === 'ack' || f.type === 'error') && f.doc === doc,
    );
    socket.close();
    return answer;
  }

  return Object.assign(h, {
    start,
    call,
    admin,
    asBusiness,
    publish,
    newBusiness,
    acceptCurrent,
    registered,
    profileSeenByCustomer,
    writeOwnProfile,
    writeDoc,
  });
}
