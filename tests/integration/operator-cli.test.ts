/**
 * The server CLI creates the first platform operator in the database the server uses (a PGlite
 * data directory, or PostgreSQL), and that person then gets into the console.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTestServer } from '../support/server.ts';
import { freshDatabase } from '../support/processes.ts';
import { signIn } from '../support/people.ts';

const run = promisify(execFile);
const serverDir = fileURLToPath(new URL('../../server', import.meta.url));

/** `souk create-operator` as a separate process, like `pnpm --filter @souk/server cli …`. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

async function consoleStatus(env: Record<string, string>, phone: string) {
  const server = await startTestServer(env);
  try {
    const person = await signIn(server.url, phone);
    const response = await fetch(`${server.url}/api/admin/me`, {
      headers: { cookie: person.cookie, 'x-souk-app': 'personal' },
    });
    return response.status;
  } finally {
    await server.close();
  }
}

describe('souk create-operator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'souk-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks a phone as operator in a PGlite data directory', async () => {
    const env = { DATA_DIR: dir };
    expect(await consoleStatus(env, '+34677000001')).toBe(403);
    const created = await cli(['create-operator', '--phone', '+34 677 000 001'], env);
    expect(created).toEqual({
      code: 0,
      stdout: 'Operator +34677000001 created. Sign in at /admin with this number.\n',
    });
    expect((await cli(['create-operator', '--phone', '+34677000001'], env)).stdout).toContain(
      'already an operator',
    );
    expect(await consoleStatus(env, '+34677000001')).toBe(200);
    expect(await consoleStatus(env, '+34677000002')).toBe(403);
  });

  it('refuses a bad number or command with a usage line', async () => {
    const bad = await cli(['create-operator', '--phone', 'twelve'], { DATA_DIR: dir });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('international format');
    expect((await cli(['make-me-admin'], { DATA_DIR: dir })).stdout).toContain('Usage');
  });

  it('works against PostgreSQL', async () => {
    const database = await freshDatabase();
    try {
      const env = { DATABASE_URL: database.url };
      expect((await cli(['create-operator', '--phone', '+34677000003'], env)).code).toBe(0);
      expect(await consoleStatus(env, '+34677000003')).toBe(200);
    } finally {
      await database.drop();
    }
  });
});
