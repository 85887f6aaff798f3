/**
 * Bounded request bodies (issue 13, item 6), tried as an anonymous client would: a body larger
 * than 64 KiB — declared, or streamed without a length and never ending — is refused with 413
 * without the server waiting for the rest, and the connection is closed; signed-in requests have
 * their own, larger, documented limits; the Business API takes 64 KiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Socket } from 'node:net';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { signIn, type SignedIn } from '../support/people.ts';

const KiB = 1024;

/** A raw HTTP/1.1 request; resolves with the status line once the server answers and closes. */
function rawRequest(
  server: TestServer,
  head: string,
  body: (socket: Socket, answered: () => boolean) => void,
): Promise<{ status: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let reply = '';
    let answered = false;
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      answered = true;
    });
    socket.on('error', () => {}); // writes after the server closed
    socket.on('close', () => resolve({ status: reply.split('\r\n')[0] ?? '', closed: true }));
    socket.setTimeout(30_000, () => reject(new Error(`no answer; got ${reply}`)));
    socket.write(head);
    body(socket, () => answered);
  });
}

describe.each(backends)('request body limits on %s', (backend) => {
  let server: TestServer;
  let person: SignedIn;
  beforeAll(async () => {
    server = await startTestServer({}, {}, backend);
    person = await signIn(server.url, '+34622200001');
  });
  afterAll(() => server.close());

  const post = (path: string, size: number, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...headers },
      body: JSON.stringify({ phone: '+34622200002', pad: 'x'.repeat(size) }),
    });

  it('refuses an anonymous body over 64 KiB, and takes one under it', async () => {
    expect((await post('/api/auth/code', 65 * KiB)).status).toBe(413);
    const small = await post('/api/auth/code', 60 * KiB);
    expect(small.status).not.toBe(413);
  });

  it('refuses a declared huge length before reading any of it, and closes', async () => {
    const head =
      'POST /api/auth/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${1024 * 1024 * 1024}\r\n\r\n`;
    const reply = await rawRequest(server, head, () => {});
    expect(reply).toEqual({ status: 'HTTP/1.1 413 Payload Too Large', closed: true });
  });

  it('refuses an endless chunked body once it passes the limit, and closes', async () => {
    const head =
      'POST /api/auth/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n';
    let sent = 0;
    const chunk = `${(16 * KiB).toString(16)}\r\n${'x'.repeat(16 * KiB)}\r\n`;
    const reply = await rawRequest(server, head, (socket, answered) => {
      // Keeps streaming (never the last chunk) until the server answers, as an attacker would.
      const more = () => {
        if (answered() || socket.destroyed || sent > 64 * 1024 * KiB) return;
        sent += 16 * KiB;
        if (socket.write(chunk)) setImmediate(more);
        else socket.once('drain', more);
      };
      more();
    });
    expect(reply).toEqual({ status: 'HTTP/1.1 413 Payload Too Large', closed: true });
    expect(sent).toBeLessThan(64 * 1024 * KiB);
  });

  it('signed-in JSON may be larger (1 MiB), not unbounded', async () => {
    const signedIn = { cookie: person.cookie };
    const medium = await post('/api/chats', 200 * KiB, signedIn);
    expect(medium.status).not.toBe(413);
    expect((await post('/api/chats', 1100 * KiB, signedIn)).status).toBe(413);
    // The same body without the cookie is anonymous.
    expect((await post('/api/chats', 200 * KiB)).status).toBe(413);
  });

  it('the Business API takes 64 KiB, key or not', async () => {
    const reply = await post('/api/v1/messages', 65 * KiB, { authorization: 'Bearer sk_nope' });
    expect(reply.status).toBe(413);
  });
});
