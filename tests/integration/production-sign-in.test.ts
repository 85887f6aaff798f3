/**
 * Production mode for real (issue 14, done when): Souk started as a process with NODE_ENV=
 * production and the stand-in gateway that ships in the repo (tools/sms-gateway.mjs) as its
 * sender; a person signs in with the code that went through the gateway. Without a sender,
 * production refuses to start with one line naming the variables.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServerProcess, testStorage, type ServerProcess } from '../support/processes.ts';
import { freePort, waitForPort } from '../support/ports.ts';
import { backends } from '../support/server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const secret = 'stand-in-gateway-secret';

function startGateway(port: number): ChildProcess {
  return spawn(process.execPath, ['tools/sms-gateway.mjs', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, SOUK_SMS_WEBHOOK_SECRET: secret },
    stdio: 'ignore',
  });
}

describe.each(backends)('production sign-in on %s', (backend) => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('signs in with a code that went through the stand-in gateway', async () => {
    const storage = await testStorage(backend);
    cleanups.push(() => storage.drop());
    const gatewayPort = await freePort();
    const gateway = startGateway(gatewayPort);
    const gatewayExit = new Promise((resolve) => gateway.once('exit', resolve));
    cleanups.push(async () => {
      gateway.kill('SIGTERM');
      await gatewayExit;
    });
    await waitForPort(gatewayPort);
    const port = await freePort();
    const souk: ServerProcess = await startServerProcess(
      {
        ...storage.env,
        NODE_ENV: 'production',
        SOUK_PUBLIC_URL: `http://127.0.0.1:${port}`,
        SOUK_SMS_WEBHOOK_URL: `http://127.0.0.1:${gatewayPort}/sms`,
        SOUK_SMS_WEBHOOK_SECRET: secret,
      },
      port,
    );
    cleanups.push(() => souk.stop());

    const phone = '+34622000001';
    const json = { 'content-type': 'application/json' };
    const requested = await fetch(`${souk.url}/api/auth/code`, {
      method: 'POST',
      headers: { ...json, 'accept-language': 'es-ES,es;q=0.9' },
      body: JSON.stringify({ phone }),
    });
    expect(requested.status).toBe(200);
    // No development outbox in production.
    expect((await fetch(`${souk.url}/api/dev/outbox`)).status).toBe(404);
    const messages = (await (
      await fetch(`http://127.0.0.1:${gatewayPort}/messages?to=${encodeURIComponent(phone)}`)
    ).json()) as Array<{ code: string; text: string; locale: string }>;
    expect(messages).toHaveLength(1);
    const [sms] = messages;
    expect(sms!.locale).toBe('es');
    expect(sms!.text.split('\n').at(-1)).toBe(`@127.0.0.1 #${sms!.code}`);

    const verified = await fetch(`${souk.url}/api/auth/verify`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ phone, code: sms!.code }),
    });
    expect(verified.status).toBe(200);
    const cookie = (verified.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    const me = await fetch(`${souk.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ phone, kind: 'person' });
  });

  it('refuses to start in production without a sender, in one line naming the variables', async () => {
    const storage = await testStorage(backend);
    cleanups.push(() => storage.drop());
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...storage.env, NODE_ENV: 'production', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    for (const name of ['SOUK_SMS_WEBHOOK_URL', 'SOUK_TWILIO_ACCOUNT_SID', 'SOUK_VONAGE_API_KEY'])
      expect(lines[0]).toContain(name);
  });
});
