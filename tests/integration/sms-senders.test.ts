/**
 * Each SMS sender against a local server that checks the request as its provider documents it:
 * the generic gateway's signed JSON, Twilio's form with Basic auth, Vonage's form with its key
 * and secret. Then what a person sees when the sender fails: retries within the deadline, and
 * past it `code_not_sent` with nothing counted and the code withdrawn — never written to the log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@souk/server';
import { backends, startTestServer, type TestServer } from '../support/server.ts';
import { smsProvider, type ProviderAnswer, type ProviderRequest } from '../support/sms-provider.ts';
import { signatureValid } from './webhooks-support.ts';

const secret = 'gateway-secret-of-the-test';
const twilioSid = `AC${'3'.repeat(32)}`;
const vonageAccepted = (to: string) => ({
  'message-count': '1',
  messages: [{ to, 'message-id': '0A0000000123ABCD1', status: '0', network: '21401' }],
});

describe.each(backends)('SMS senders on %s', (backend) => {
  let server: TestServer | null = null;
  let provider: Awaited<ReturnType<typeof smsProvider>> | null = null;
  let lines: string[] = [];
  afterEach(async () => {
    await server?.close();
    await provider?.close();
    server = null;
    provider = null;
  });

  async function start(
    env: Record<string, string>,
    answer: (r: ProviderRequest) => ProviderAnswer,
  ) {
    provider = await smsProvider(answer);
    lines = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const withUrl = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, v.replace('{provider}', provider!.url)]),
    );
    server = await startTestServer(
      { NODE_ENV: 'production', SOUK_PUBLIC_URL: 'https://souk.example:8443', ...withUrl },
      { logger, codeDelivery: { retryDelaysMs: [50, 50, 50] } },
      backend,
    );
    return { url: server.url, provider };
  }
  const requestCode = (base: string, phone: string, locale?: string) =>
    fetch(`${base}/api/auth/code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(locale ? { phone, locale } : { phone }),
    });
  const verify = (base: string, phone: string, code: string) =>
    fetch(`${base}/api/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone, code }),
    });
  const codeIn = (text: string) => /#(\d{6})$/.exec(text)?.[1] ?? '';

  it('the gateway gets signed JSON {to, text, code, locale}; its code signs in', async () => {
    const { url, provider } = await start(
      { SOUK_SMS_WEBHOOK_URL: '{provider}/sms', SOUK_SMS_WEBHOOK_SECRET: secret },
      () => ({ status: 202, body: { accepted: true } }),
    );
    const phone = '+34611000001';
    expect((await requestCode(url, phone, 'es')).status).toBe(200);
    const [request] = provider.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/sms' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(signatureValid(secret, { ...request!, body: JSON.parse(request!.raw) })).toBe(true);
    expect(signatureValid('another secret', { ...request!, body: JSON.parse(request!.raw) })).toBe(
      false,
    );
    const body = JSON.parse(request!.raw) as Record<string, string>;
    expect(Object.keys(body)).toEqual(['to', 'text', 'code', 'locale']);
    const code = body.code!;
    expect(body).toEqual({
      to: phone,
      code,
      locale: 'es',
      text: `Código de Souk: ${code}. No lo compartas.\n\n@souk.example #${code}`,
    });
    expect((await verify(url, phone, code)).status).toBe(200);
    expect(lines.join('')).not.toContain(code);
  });

  it('Twilio gets its form (To, From, Body) with Basic auth at the Messages resource', async () => {
    const { url, provider } = await start(
      {
        SOUK_TWILIO_ACCOUNT_SID: twilioSid,
        SOUK_TWILIO_AUTH_TOKEN: 'twilio-token',
        SOUK_TWILIO_FROM: '+15005550006',
        SOUK_TWILIO_API_URL: '{provider}',
      },
      () => ({ status: 201, body: { sid: `SM${'1'.repeat(32)}`, status: 'queued' } }),
    );
    const phone = '+447911123456';
    expect((await requestCode(url, phone)).status).toBe(200);
    const [request] = provider.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${twilioSid}/Messages.json`,
    });
    expect(request!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${twilioSid}:twilio-token`).toString('base64')}`,
    );
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const [, , [, text] = []] = provider.form(request!);
    const code = codeIn(text ?? '');
    expect(provider.form(request!)).toEqual([
      ['To', phone],
      ['From', '+15005550006'],
      ['Body', `Your Souk code: ${code}. Do not share it.\n\n@souk.example #${code}`],
    ]);
    expect((await verify(url, phone, code)).status).toBe(200);
  });

  it('Vonage gets its form (api_key, api_secret, from, to, text; unicode for Spanish)', async () => {
    const { url, provider } = await start(
      {
        SOUK_VONAGE_API_KEY: 'abcd1234',
        SOUK_VONAGE_API_SECRET: 'vonage-secret',
        SOUK_VONAGE_FROM: 'Souk',
        SOUK_VONAGE_API_URL: '{provider}',
      },
      (r) => ({ status: 200, body: vonageAccepted(new URLSearchParams(r.raw).get('to') ?? '') }),
    );
    const phone = '+34611000002';
    expect((await requestCode(url, phone, 'es')).status).toBe(200);
    expect((await requestCode(url, '+34611000003')).status).toBe(200);
    const [spanish, english] = provider.requests;
    expect(spanish).toMatchObject({ method: 'POST', path: '/sms/json' });
    expect(spanish!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const code = codeIn(new URLSearchParams(spanish!.raw).get('text') ?? '');
    expect(provider.form(spanish!)).toEqual([
      ['api_key', 'abcd1234'],
      ['api_secret', 'vonage-secret'],
      ['from', 'Souk'],
      ['to', '34611000002'],
      ['text', `Código de Souk: ${code}. No lo compartas.\n\n@souk.example #${code}`],
      ['type', 'unicode'],
    ]);
    expect(provider.form(english!).map(([key]) => key)).toEqual([
      'api_key',
      'api_secret',
      'from',
      'to',
      'text',
    ]);
    expect((await verify(url, phone, code)).status).toBe(200);
  });

  it('retries what may pass later (503, Vonage throttled) and not what will not', async () => {
    let calls = 0;
    const { url, provider } = await start(
      {
        SOUK_VONAGE_API_KEY: 'abcd1234',
        SOUK_VONAGE_API_SECRET: 'vonage-secret',
        SOUK_VONAGE_FROM: 'Souk',
        SOUK_VONAGE_API_URL: '{provider}',
      },
      (r) => {
        calls += 1;
        const to = new URLSearchParams(r.raw).get('to') ?? '';
        if (to.endsWith('4') && calls === 1) return { status: 503, body: {} };
        if (to.endsWith('4') && calls === 2)
          return { status: 200, body: { messages: [{ status: '1', 'error-text': 'Throttled' }] } };
        if (to.endsWith('5'))
          return {
            status: 200,
            body: { messages: [{ status: '4', 'error-text': 'Bad Credentials' }] },
          };
        return { status: 200, body: vonageAccepted(to) };
      },
    );
    expect((await requestCode(url, '+34611000004')).status).toBe(200);
    expect(provider.requests).toHaveLength(3);
    const refused = await requestCode(url, '+34611000005');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({
      kind: 'unavailable',
      details: { reason: 'code_not_sent' },
    });
    expect(provider.requests).toHaveLength(4);
    const log = lines.join('');
    expect(log).toContain('status 4 Bad Credentials');
    for (const request of provider.requests)
      expect(log).not.toContain(codeIn(new URLSearchParams(request.raw).get('text') ?? ''));
  });

  it('past the deadline the code is not sent: nothing counted, the code withdrawn, not logged', async () => {
    let hang = true;
    const { url, provider } = await start(
      {
        SOUK_SMS_WEBHOOK_URL: '{provider}/sms',
        SOUK_SMS_WEBHOOK_SECRET: secret,
        SOUK_SMS_DEADLINE_MS: '800',
        SOUK_CODES_PER_PHONE: '1',
      },
      () => (hang ? 'hang' : { status: 202, body: {} }),
    );
    const phone = '+34611000006';
    const started = performance.now();
    const refused = await requestCode(url, phone);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ details: { reason: 'code_not_sent' } });
    const late = (JSON.parse(provider.requests[0]!.raw) as { code: string }).code;
    // The gateway may still deliver it; it no longer opens a session.
    expect((await verify(url, phone, late)).status).toBe(400);
    hang = false;
    // The failed request did not use the one request this number has.
    expect((await requestCode(url, phone)).status).toBe(200);
    const code = (JSON.parse(provider.requests.at(-1)!.raw) as { code: string }).code;
    expect((await verify(url, phone, code)).status).toBe(200);
    const log = lines.join('');
    expect(log).toContain('sign-in code not sent');
    expect(log).not.toContain(late);
    expect(log).not.toContain(code);
  });
});
