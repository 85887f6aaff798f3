/**
 * A y-websocket token never reaches the logs (issue 20): not from the token route's request line,
 * nor from the socket's upgrade, its use, or its refusal the second time — read at debug level.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '@souk/server';
import { startTestServer, type TestServer } from '../support/server.ts';
import { signIn, startChat } from '../support/people.ts';
import { yjsProvider, yjsToken } from '../support/yjs-door.ts';

const lines: string[] = [];
let server: TestServer;

beforeAll(async () => {
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  server = await startTestServer({ LOG_LEVEL: 'debug' }, { logger });
});
afterAll(async () => server?.close());

it('keeps the token out of every log line', async () => {
  const alice = await signIn(server.url, '+34615000001');
  const bob = await signIn(server.url, '+34615000002');
  const chat = await startChat(server.url, alice, bob.phone);
  const token = await yjsToken(server.url, alice, chat);
  const first = yjsProvider(server.url, chat, token);
  await first.synced;
  const again = yjsProvider(server.url, chat, token);
  expect((await again.closed).code).toBe(4401);
  first.provider.destroy();
  again.provider.destroy();

  expect(lines.some((line) => line.includes('/api/yjs/tokens'))).toBe(true);
  expect(lines.some((line) => line.includes('yjs socket refused'))).toBe(true);
  expect(lines.filter((line) => line.includes(token))).toEqual([]);
});
