/**
 * The y-websocket door from a test: a token over HTTP (session cookie or API key), an unmodified
 * `WebsocketProvider` from the `y-websocket` package (Node, `ws` as its WebSocket), and a bare
 * socket for frames no real provider sends.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import type { SignedIn } from './people.ts';

export interface Denial {
  kind: string;
  code: string;
  details?: Record<string, unknown>;
}

/** `POST /api/yjs/tokens` with the person's session: the status and the answer. */
export async function requestYjsToken(
  baseUrl: string,
  person: SignedIn,
  doc: string,
  app: 'personal' | 'business' = 'personal',
): Promise<{ status: number; body: { token?: string; details?: { reason?: string } } }> {
  const response = await fetch(`${baseUrl}/api/yjs/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: person.cookie,
      'x-souk-app': app,
      origin: new URL(baseUrl).origin,
    },
    body: JSON.stringify({ doc }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

export async function yjsToken(baseUrl: string, person: SignedIn, doc: string): Promise<string> {
  const { status, body } = await requestYjsToken(baseUrl, person, doc);
  if (status !== 201 || !body.token) throw new Error(`token refused: ${status}`);
  return body.token;
}

export interface TestProvider {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The permission-denied reasons the server sent, parsed. */
  denials: Denial[];
  /** Resolves with the close the server ended the socket with (a 44xx: no reconnect). */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the first sync is done. */
  synced: Promise<void>;
  /** Resolves at the next denial. */
  nextDenial(): Promise<Denial>;
}

/** A real `WebsocketProvider` on `/yjs/<doc>?token=…`. */
export function yjsProvider(baseUrl: string, docName: string, token: string): TestProvider {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, docName, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    connect: false,
  });
  const denials: Denial[] = [];
  const waiting = new Set<(denial: Denial) => void>();
  // The provider's own handler only logs the reason; the test reads it the same way.
  provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    const denial = JSON.parse(decoding.readVarString(decoder)) as Denial;
    denials.push(denial);
    waiting.forEach((resolve) => resolve(denial));
    waiting.clear();
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    provider.on('closed', (event) => resolve(event)),
  );
  const synced = new Promise<void>((resolve) =>
    provider.on('sync', (state: boolean) => state && resolve()),
  );
  provider.connect();
  return {
    doc,
    provider,
    denials,
    closed,
    synced,
    nextDenial: () => new Promise((resolve) => waiting.add(resolve)),
  };
}

/** A bare socket on the door: frames in as bytes, the close code. */
export function rawYjsSocket(baseUrl: string, docName: string, token: string) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/yjs/${docName}?token=${token}`);
  ws.binaryType = 'arraybuffer';
  const frames: Uint8Array[] = [];
  ws.on('message', (data: ArrayBuffer) => frames.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, frames, opened, closed };
}
