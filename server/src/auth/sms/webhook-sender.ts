/**
 * The generic HTTPS SMS gateway: a JSON POST `{to, text, code, locale}` to
 * `SOUK_SMS_WEBHOOK_URL`, signed like Souk's webhooks (`Souk-Signature: t=…,v1=…`, HMAC-SHA256 of
 * `<t>.<body>` with `SOUK_SMS_WEBHOOK_SECRET`), so any gateway — a phone running an SMS gateway
 * app, Jasmin or Kannel behind a small adapter, tools/sms-gateway.mjs — can check it came from
 * Souk and deliver it. Any 2xx means accepted.
 */
import type { CodeMessage, CodeSender, SendOutcome } from '../code-sender.ts';
import { sign, signatureHeader } from '../../webhooks/signature.ts';
import { judgeStatus, postOnce } from './http-post.ts';

export interface WebhookSenderConfig {
  url: string;
  secret: string;
}

export class WebhookSender implements CodeSender {
  readonly name = 'webhook';
  readonly paid = true;
  constructor(private readonly config: WebhookSenderConfig) {}

  async send(message: CodeMessage, signal: AbortSignal): Promise<SendOutcome> {
    const { to, text, code, locale } = message;
    const body = JSON.stringify({ to, text, code, locale });
    const answer = await postOnce(
      this.config.url,
      {
        'content-type': 'application/json',
        [signatureHeader]: sign(this.config.secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      signal,
    );
    return judgeStatus(answer);
  }
}
