/** Test helpers: sign people in over the real HTTP API and connect real sync clients. */
import WebSocket from 'ws';
import { devRoutes, MemoryDocStore, SyncClient, type SocketLike } from '@souk/sync';
import { typedClient } from './typed-client.ts';

export interface SignedIn {
  id: string;
  phone: string;
  cookie: string;
}

async function json(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export async function signIn(
  baseUrl: string,
  phone: string,
  app: 'personal' | 'business' = 'personal',
): Promise<SignedIn> {
  const headers = { 'content-type': 'application/json', 'x-souk-app': app };
  const requested = await fetch(`${baseUrl}/api/auth/code`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone }),
  });
  if (!requested.ok)
    throw new Error(
      `code request failed: ${requested.status} ${JSON.stringify(await json(requested))}`,
    );
  const outbox = await typedClient(baseUrl, null).call(devRoutes.outbox, { query: { phone } });
  const code = outbox[0]?.code;
  if (!code) throw new Error('no code in the dev outbox');
  const verified = await fetch(`${baseUrl}/api/auth/verify`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone, code, device: 'test' }),
  });
  const body = (await json(verified)) as { id: string };
  if (!verified.ok) throw new Error(`verify failed: ${verified.status} ${JSON.stringify(body)}`);
  const cookie = (verified.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  return { id: body.id, phone, cookie };
}

export async function startChat(baseUrl: string, person: SignedIn, phone: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/chats`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: person.cookie,
      'x-souk-app': 'personal',
      origin: new URL(baseUrl).origin,
    },
    body: JSON.stringify({ phone }),
  });
  const body = (await json(response)) as { doc: string };
  if (!response.ok)
    throw new Error(`start chat failed: ${response.status} ${JSON.stringify(body)}`);
  return body.doc;
}

/** A device: a SyncClient over a real socket with memory storage that outlives reconnects. */
export function device(
  baseUrl: string,
  person: SignedIn,
  store = new MemoryDocStore(),
  onSend: (data: Uint8Array) => void = () => {},
  app: 'personal' | 'business' = 'personal',
) {
  const url = `${baseUrl.replace(/^http/, 'ws')}/sync?app=${app}`;
  const client = new SyncClient({
    url,
    store,
    createSocket: (target) => {
      const socket = new WebSocket(target, {
        headers: { cookie: person.cookie },
        origin: new URL(baseUrl).origin,
      }) as unknown as SocketLike;
      const send = socket.send.bind(socket);
      socket.send = (data) => {
        onSend(data);
        send(data);
      };
      return socket;
    },
    backoff: { minMs: 50, maxMs: 500 },
  });
  return { client, store };
}

/** Polls until `check` returns true (sync is asynchronous); fails after `ms`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
