/**
 * Restarting the end-to-end server on the same data directory, as an operator's deploy would:
 * serve.mjs restarts it on SIGUSR2 and names itself and the server's pid in a file per port.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';

const processes = () =>
  JSON.parse(
    readFileSync(join(tmpdir(), `souk-e2e-${process.env.E2E_PORT ?? 4317}.json`), 'utf8'),
  ) as { serve: number; server: number };

/** Stops the server, starts it again and waits until it answers (a new process, same data). */
export async function restartServer(request: APIRequestContext): Promise<void> {
  const before = processes();
  process.kill(before.serve, 'SIGUSR2');
  // The file is rewritten when the new process starts (a read mid-write throws and is retried).
  await expect.poll(() => processes().server, { timeout: 30_000 }).not.toBe(before.server);
  await expect
    .poll(async () => (await request.get('/health').catch(() => null))?.status(), {
      timeout: 60_000,
    })
    .toBe(200);
}
