/**
 * The stand-in SMS gateway that ships in the repo (tools/sms-gateway.mjs) as a process, and
 * signing in through it: the code a person types is the one the gateway received, signed, from
 * Souk — there is no development outbox in production.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './ports.ts';
import type { SignedIn } from './people.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Sms {
  to: string;
  code: string;
  text: string;
  locale: string;
}

export interface Gateway {
  /** The URL Souk posts codes to (SOUK_SMS_WEBHOOK_URL). */
  url: string;
  /** What the gateway received for `to`, newest first. */
  received(to: string): Promise<Sms[]>;
  stop(): Promise<void>;
}

export async function startGateway(secret: string): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, ['tools/sms-gateway.mjs', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, SOUK_SMS_WEBHOOK_SECRET: secret },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received: async (to) =>
      (await (
        await fetch(`http://127.0.0.1:${port}/messages?to=${encodeURIComponent(to)}`)
      ).json()) as Sms[],
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Asks Souk for a code, takes the one SMS the gateway received for it (Souk answers only once the
 * sender accepted it) and signs in with it.
 */
export async function signInThroughGateway(
  baseUrl: string,
  gateway: Gateway,
  phone: string,
  headers: Record<string, string> = {},
): Promise<SignedIn & { sms: Sms }> {
  const json = { 'content-type': 'application/json', 'x-souk-app': 'personal', ...headers };
  const earlier = (await gateway.received(phone)).length;
  const requested = await fetch(`${baseUrl}/api/auth/code`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  if (requested.status !== 200)
    throw new Error(`code request failed: ${requested.status} ${await requested.text()}`);
  const received = await gateway.received(phone);
  if (received.length !== earlier + 1)
    throw new Error(`the gateway holds ${received.length} SMS for ${phone}, not ${earlier + 1}`);
  const sms = received[0]!;
  const verified = await fetch(`${baseUrl}/api/auth/verify`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone, code: sms.code, device: 'test' }),
  });
  if (verified.status !== 200)
    throw new Error(`verify failed: ${verified.status} ${await verified.text()}`);
  const { id } = (await verified.json()) as { id: string };
  const cookie = (verified.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  return { id, phone, cookie, sms };
}
