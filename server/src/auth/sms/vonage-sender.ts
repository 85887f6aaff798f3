/**
 * Vonage's SMS API: `POST {base}/sms/json`, form-encoded `api_key`, `api_secret`, `from`, `to`
 * (E.164 digits, no `+`) and `text`, with `type=unicode` when the text has characters outside
 * GSM-7 (Spanish ó). Vonage answers 200 even when it refuses: each part in `messages` carries a
 * `status`, "0" for accepted; "1" (throttled) and "5" (internal error) are worth retrying. The base
 * URL is configurable so tests can stand in for Vonage.
 */
import type { CodeMessage, CodeSender, SendOutcome } from '../code-sender.ts';
import { formBody, formType, judgeStatus, postOnce } from './http-post.ts';
import { needsUnicode } from './sms-text.ts';

export interface VonageSenderConfig {
  apiKey: string;
  apiSecret: string;
  from: string;
  baseUrl: string;
}

const retryableStatus = new Set(['1', '5']);

export class VonageSender implements CodeSender {
  readonly name = 'vonage';
  readonly paid = true;
  constructor(private readonly config: VonageSenderConfig) {}

  async send(message: CodeMessage, signal: AbortSignal): Promise<SendOutcome> {
    const { apiKey, apiSecret, from, baseUrl } = this.config;
    const url = new URL('sms/json', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const fields: Record<string, string> = {
      api_key: apiKey,
      api_secret: apiSecret,
      from,
      to: message.to.replace(/^\+/, ''),
      text: message.text,
    };
    if (needsUnicode(message.text)) fields.type = 'unicode';
    const answer = await postOnce(url.toString(), formType, formBody(fields), signal);
    const judged = judgeStatus(answer);
    if (!judged.ok) return judged;
    return judgeParts(answer.body);
  }
}

function judgeParts(body: string): SendOutcome {
  let parts: Array<{ status?: unknown; 'error-text'?: unknown }>;
  try {
    parts = (JSON.parse(body) as { messages?: typeof parts }).messages ?? [];
  } catch {
    return { ok: false, retry: true, error: 'unreadable answer' };
  }
  if (parts.length === 0) return { ok: false, retry: true, error: 'no message in the answer' };
  const refused = parts.find((part) => part.status !== '0');
  if (!refused) return { ok: true };
  const status = String(refused.status);
  const text = typeof refused['error-text'] === 'string' ? refused['error-text'] : '';
  return {
    ok: false,
    retry: retryableStatus.has(status),
    error: `status ${status} ${text}`.trim(),
  };
}
