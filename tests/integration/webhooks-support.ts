/** A local webhook receiver: records every POST, answers 500 while told to fail. */
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: { id: string; type: string; createdAt: number; businessId: string; data: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function receiver() {
  const received: Received[] = [];
  const state = { failures: 0, failAll: false, attempts: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      state.attempts++;
      if (state.failAll || state.failures > 0) {
        state.failures = Math.max(0, state.failures - 1);
        res.writeHead(500).end('down');
        return;
      }
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/souk`,
    received,
    state,
    of: (type: string) => received.filter((r) => r.body.type === type),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a receiver checks: `Souk-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signatureValid(secret: string, received: Received): boolean {
  const header = String(received.headers['souk-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const mac = createHmac('sha256', secret).update(`${match[1]}.${received.raw}`).digest('hex');
  return mac === match[2];
}
