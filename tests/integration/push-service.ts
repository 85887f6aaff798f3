/**
 * A stand-in for a browser's push service on 127.0.0.1: `subscribe(name)` makes what a browser
 * makes (a P-256 key pair and a 16-byte auth secret) and an endpoint `/<name>`; whatever the
 * server POSTs there is decrypted with those keys (aes128gcm, RFC 8291) and kept, with its
 * headers. `answer(name, status)` makes the endpoint answer something else than 201.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { createRequire } from 'node:module';
import { pushPayloadSchema, type PushPayload, type PushSubscriptionJson } from '@souk/sync';

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(
    buffer: Buffer,
    params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string },
  ): Buffer;
};

export interface ReceivedPush {
  headers: IncomingHttpHeaders;
  payload: PushPayload;
}

export interface PushService {
  subscribe(name: string): PushSubscriptionJson;
  received(name: string): ReceivedPush[];
  answer(name: string, status: number): void;
  close(): Promise<void>;
}

export async function pushService(): Promise<PushService> {
  const browsers = new Map<
    string,
    { ecdh: ECDH; auth: Buffer; subscription: PushSubscriptionJson }
  >();
  const received = new Map<string, ReceivedPush[]>();
  const statuses = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const name = (request.url ?? '/').slice(1);
      const browser = browsers.get(name);
      if (request.method !== 'POST' || !browser) {
        response.writeHead(404).end();
        return;
      }
      const plain = ece.decrypt(Buffer.concat(chunks), {
        version: 'aes128gcm',
        privateKey: browser.ecdh,
        authSecret: browser.auth.toString('base64url'),
      });
      const payload = pushPayloadSchema.parse(JSON.parse(plain.toString('utf8')));
      received.set(name, [...(received.get(name) ?? []), { headers: request.headers, payload }]);
      response.writeHead(statuses.get(name) ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    subscribe(name) {
      const existing = browsers.get(name);
      if (existing) return existing.subscription;
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const subscription = {
        endpoint: `${url}/${name}`,
        expirationTime: null,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: auth.toString('base64url'),
        },
      };
      browsers.set(name, { ecdh, auth, subscription });
      return subscription;
    },
    received: (name) => received.get(name) ?? [],
    answer: (name, status) => void statuses.set(name, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
