/**
 * A local stand-in for an SMS provider's HTTP API: records every request exactly as it arrived
 * (method, path, headers, raw body) and answers what the test says — or never answers (`hang`),
 * to try Souk's deadline.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

export type ProviderAnswer = { status: number; body: unknown } | 'hang';

export async function smsProvider(answer: (request: ProviderRequest) => ProviderAnswer) {
  const requests: ProviderRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw };
      requests.push(request);
      const reply = answer(request);
      if (reply === 'hang') return;
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The fields of a form-encoded body, in order, repeats kept. */
    form: (request: ProviderRequest) => [...new URLSearchParams(request.raw)],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
