/**
 * One POST to an SMS provider (an address the operator configured, not a visitor): redirects are
 * not followed, and `signal` ends the attempt when its time is up. The answer's body is read
 * (providers report failures inside a 200), and how to judge it is the sender's.
 */
import type { SendOutcome } from '../code-sender.ts';

export interface HttpAnswer {
  status: number;
  body: string;
}

export async function postOnce(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'user-agent': 'Souk', ...headers },
    body,
    redirect: 'manual',
    signal,
  });
  return { status: response.status, body: await response.text() };
}

/** The usual reading of an HTTP answer: 2xx accepted; 429 and 5xx worth retrying. */
export function judgeStatus(answer: HttpAnswer, detail = ''): SendOutcome {
  if (answer.status >= 200 && answer.status < 300) return { ok: true };
  const retry = answer.status === 429 || answer.status >= 500;
  return { ok: false, retry, error: `HTTP ${answer.status}${detail ? `: ${detail}` : ''}` };
}

/** A form body (`application/x-www-form-urlencoded`), keys in the order given. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export const formType = { 'content-type': 'application/x-www-form-urlencoded' };
