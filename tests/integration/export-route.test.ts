/**
 * `GET /api/ops/export` answers only the operator token: no token, a wrong one, a person's
 * session (even one that could sign in to the console) are refused with their reason codes; a
 * server started without SOUK_OPERATOR_TOKEN answers no one. `souk export` says the refusal in
 * one line and writes no file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/server.ts';
import { eventually, signIn } from '../support/people.ts';
import { soukCli } from '../support/souk-cli.ts';

const token = 'export-route-test-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'souk-export-route-'));

async function refusal(response: Response) {
  const body = (await response.json()) as { kind: string; details?: { reason?: string } };
  return { status: response.status, kind: body.kind, reason: body.details?.reason };
}

describe('the export route', () => {
  let server: TestServer;
  let untokened: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ SOUK_OPERATOR_TOKEN: token });
    untokened = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
    await untokened?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const exportOf = (on: TestServer, headers: Record<string, string> = {}) =>
    fetch(`${on.url}/api/ops/export`, { headers });

  it('refuses anyone without the operator token, with a reason code', async () => {
    const person = await signIn(server.url, '+34622000001');
    const asks: Array<[Record<string, string>, string]> = [
      [{}, 'operator_token_missing'],
      [{ cookie: person.cookie }, 'operator_token_missing'],
      [{ authorization: token }, 'operator_token_missing'], // not "Bearer …"
      [{ authorization: `Basic ${btoa(`x:${token}`)}` }, 'operator_token_missing'],
      [{ authorization: 'Bearer export-route-test-token-012345678' }, 'operator_token_wrong'],
      [{ authorization: `Bearer ${token}x` }, 'operator_token_wrong'],
    ];
    for (const [headers, reason] of asks)
      expect(await refusal(await exportOf(server, headers))).toEqual({
        status: 401,
        kind: 'unauthenticated',
        reason,
      });
    expect(await refusal(await exportOf(untokened, { authorization: `Bearer ${token}` }))).toEqual({
      status: 403,
      kind: 'forbidden',
      reason: 'operator_token_not_configured',
    });
  });

  it('answers the operator token with the gzip’d export, its spool file gone once sent', async () => {
    await signIn(server.url, '+34622000002');
    // On PGlite the export is spooled to a temporary file (os.tmpdir() reads TMPDIR each time).
    const spool = join(dir, 'spool');
    mkdirSync(spool);
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = spool;
    const response = await exportOf(server, { authorization: `Bearer ${token}` }).finally(() => {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const lines = gunzipSync(new Uint8Array(await response.arrayBuffer()))
      .toString()
      .trimEnd()
      .split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'souk-export', source: 'pglite' });
    const end = JSON.parse(lines.at(-1)!) as { end: Record<string, number> };
    expect(end.end.identities).toBeGreaterThanOrEqual(2);
    expect(lines.some((line) => line.includes('+34622000002'))).toBe(true);
    await eventually(() => readdirSync(spool).length === 0, 5_000, 'the spool file deleted');
    rmSync(spool, { recursive: true });
  });

  it('souk export says a refusal in one line and leaves no file', async () => {
    const file = join(dir, 'refused.ndjson.gz');
    const wrong = await soukCli(['export', file], {
      SOUK_URL: server.url,
      SOUK_OPERATOR_TOKEN: `${token}-but-wrong`,
    });
    expect(wrong).toEqual({
      code: 1,
      stdout:
        'The server refused the export (operator_token_wrong): The operator token is wrong.\n',
    });
    const none = await soukCli(['export', file], { SOUK_URL: server.url });
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Set SOUK_OPERATOR_TOKEN');
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);

    const done = await soukCli(['export', file], {
      SOUK_URL: server.url,
      SOUK_OPERATOR_TOKEN: token,
    });
    expect(done).toEqual({ code: 0, stdout: `Exported to ${file}.\n` });
    expect(readdirSync(dir)).toEqual(['refused.ndjson.gz']);
  });
});
