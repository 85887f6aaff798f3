#!/usr/bin/env node
/**
 * A stand-in SMS gateway for trying Souk in production mode on one machine (and for the tests):
 * it receives the sign-in codes Souk POSTs to SOUK_SMS_WEBHOOK_URL, checks their Souk-Signature
 * the way a real gateway should, and prints each SMS instead of sending it. Nothing is sent to
 * any phone. It listens on 127.0.0.1 only.
 *
 *   node tools/sms-gateway.mjs [--port 4010]          (or: ./souk sms-gateway)
 *
 * POST /sms   the signed JSON {to, text, code, locale}: 202 when the signature holds, else 401.
 * GET  /messages[?to=+34…]   what it received, newest first (JSON).
 *
 * The secret is SOUK_SMS_WEBHOOK_SECRET, or a fresh one printed at start with the two variables
 * to start Souk with.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4010' } } });
const secret = process.env.SOUK_SMS_WEBHOOK_SECRET || randomBytes(24).toString('base64url');
const received = [];

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, at most five minutes old. */
function signatureHolds(header, body) {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match || Math.abs(Date.now() / 1000 - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (req.method === 'GET' && url.pathname === '/messages') {
    const to = url.searchParams.get('to');
    return answer(res, 200, to ? received.filter((m) => m.to === to) : received);
  }
  if (req.method !== 'POST' || url.pathname !== '/sms') return answer(res, 404, { error: 'no' });
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (!signatureHolds(req.headers['souk-signature'], body))
      return answer(res, 401, { error: 'bad signature' });
    let sms;
    try {
      sms = JSON.parse(body);
    } catch {
      return answer(res, 400, { error: 'not JSON' });
    }
    received.unshift({ to: sms.to, text: sms.text, code: sms.code, locale: sms.locale });
    received.length = Math.min(received.length, 100);
    console.log(`SMS to ${sms.to} (${sms.locale}):\n${sms.text}\n`);
    answer(res, 202, { accepted: true });
  });
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`SMS gateway stand-in on http://127.0.0.1:${port}/sms (prints codes, sends nothing)`);
  if (!process.env.SOUK_SMS_WEBHOOK_SECRET)
    console.log(
      `Start Souk with: SOUK_SMS_WEBHOOK_URL=http://127.0.0.1:${port}/sms SOUK_SMS_WEBHOOK_SECRET=${secret}`,
    );
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
