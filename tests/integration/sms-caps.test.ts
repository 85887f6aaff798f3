/**
 * The caps against SMS pumping, tried as a fraudster would: codes to a country the operator
 * closed, a flood to one country, a flood across countries, in parallel — and, on PostgreSQL,
 * through two processes sharing the database. Refused requests reach no provider and are counted
 * for metrics as `capped`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, startServer, createLogger, type DeliveryResult } from '@souk/server';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { freshDatabase } from '../support/processes.ts';
import { smsProvider } from '../support/sms-provider.ts';

const statusOf = async (response: Promise<Response>) => {
  const answer = await response;
  if (answer.status === 200) return 'sent';
  const body = (await answer.json()) as { details?: { reason?: string } };
  return `${answer.status} ${body.details?.reason ?? ''}`.trim();
};
const requestCode = (base: string, phone: string) =>
  statusOf(
    fetch(`${base}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone }),
    }),
  );
const tally = (outcomes: string[]) =>
  Object.fromEntries(
    [...new Set(outcomes)].sort().map((o) => [o, outcomes.filter((x) => x === o).length]),
  );

describe.each(backends)('SMS caps on %s', (backend) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function start(env: Record<string, string>) {
    const gateway = await smsProvider(() => ({ status: 202, body: {} }));
    closers.push(gateway.close);
    const deliveries: Array<[string, DeliveryResult]> = [];
    const server: TestServer = await startTestServer(
      {
        NODE_ENV: 'production',
        SOUK_SMS_WEBHOOK_URL: `${gateway.url}/sms`,
        SOUK_SMS_WEBHOOK_SECRET: 'caps',
        SOUK_CODES_PER_IP: '1000',
        ...env,
      },
      { onCodeDelivery: (sender, result) => void deliveries.push([sender, result]) },
      backend,
    );
    closers.push(server.close);
    return { url: server.url, gateway, deliveries };
  }

  it('a closed country gets nothing; a country and the server stop at their hourly caps', async () => {
    const { url, gateway, deliveries } = await start({
      SOUK_SMS_PER_HOUR: '3',
      SOUK_SMS_PER_COUNTRY_PER_HOUR: '2',
      SOUK_SMS_COUNTRY_CAPS: '+371:0',
    });
    expect(await requestCode(url, '+37121234567')).toBe('429 codes_paused');
    expect(await requestCode(url, '+34611100001')).toBe('sent');
    expect(await requestCode(url, '+34611100002')).toBe('sent');
    expect(await requestCode(url, '+34611100003')).toBe('429 codes_paused');
    expect(await requestCode(url, '+33611100004')).toBe('sent');
    expect(await requestCode(url, '+4915112345678')).toBe('429 codes_paused');
    expect(gateway.requests.map((r) => (JSON.parse(r.raw) as { to: string }).to)).toEqual([
      '+34611100001',
      '+34611100002',
      '+33611100004',
    ]);
    expect(deliveries.map(([, result]) => result)).toEqual([
      'capped',
      'sent',
      'sent',
      'capped',
      'sent',
      'capped',
    ]);
    expect(new Set(deliveries.map(([sender]) => sender))).toEqual(new Set(['webhook']));
  });

  it('parallel requests never pass a cap', async () => {
    const { url, gateway } = await start({ SOUK_SMS_PER_COUNTRY_PER_HOUR: '4' });
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        requestCode(url, `+3461120${String(i).padStart(4, '0')}`),
      ),
    );
    expect(tally(outcomes)).toEqual({ '429 codes_paused': 12, sent: 4 });
    expect(gateway.requests).toHaveLength(4);
  });

  it.runIf(backend === 'postgres')(
    'two processes share the caps through the database',
    async () => {
      const gateway = await smsProvider(() => ({ status: 202, body: {} }));
      closers.push(gateway.close);
      const database = await freshDatabase();
      closers.push(database.drop);
      const servers: Array<{ url: string }> = [];
      for (let i = 0; i < 2; i++) {
        const config = loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          WEB_DIR: '/nonexistent',
          DATABASE_URL: database.url,
          NODE_ENV: 'production',
          SOUK_SMS_WEBHOOK_URL: `${gateway.url}/sms`,
          SOUK_SMS_WEBHOOK_SECRET: 'caps',
          SOUK_CODES_PER_IP: '1000',
          SOUK_SMS_PER_HOUR: '5',
        });
        const server = await startServer(config, { logger: createLogger('silent') });
        closers.push(server.close);
        servers.push(server);
      }
      const outcomes = await Promise.all(
        Array.from({ length: 14 }, (_, i) =>
          requestCode(servers[i % 2]!.url, `+${i % 2 ? 33 : 49}6113${String(i).padStart(5, '0')}`),
        ),
      );
      expect(tally(outcomes)).toEqual({ '429 codes_paused': 9, sent: 5 });
      expect(gateway.requests).toHaveLength(5);
    },
  );
});
