/**
 * Twilio's Programmable Messaging: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` (or `MessagingServiceSid` when the sender is a Messaging Service,
 * `MG…`) and `Body`, with HTTP Basic auth (Account SID : Auth Token). Twilio answers 201 with the
 * message resource; errors are 4xx/5xx with `{code, message}`. The base URL is configurable so
 * tests can stand in for Twilio.
 */
import type { CodeMessage, CodeSender, SendOutcome } from '../code-sender.ts';
import { formBody, formType, judgeStatus, postOnce } from './http-post.ts';

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** A phone number in E.164, an alphanumeric sender id, or a Messaging Service SID (`MG…`). */
  from: string;
  baseUrl: string;
}

const messagingServiceSid = /^MG[0-9a-f]{32}$/i;

export class TwilioSender implements CodeSender {
  readonly name = 'twilio';
  readonly paid = true;
  constructor(private readonly config: TwilioSenderConfig) {}

  async send(message: CodeMessage, signal: AbortSignal): Promise<SendOutcome> {
    const { accountSid, authToken, from, baseUrl } = this.config;
    const url = new URL(
      `2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    );
    const sender: Record<string, string> = messagingServiceSid.test(from)
      ? { MessagingServiceSid: from }
      : { From: from };
    const basic = Buffer.from(`${accountSid}:${authToken}`).toString('base64');
    const answer = await postOnce(
      url.toString(),
      { ...formType, authorization: `Basic ${basic}`, accept: 'application/json' },
      formBody({ To: message.to, ...sender, Body: message.text }),
      signal,
    );
    return judgeStatus(answer, twilioError(answer.body));
  }
}

/** Twilio's error code and message, e.g. `21211 Invalid 'To' Phone Number`. */
function twilioError(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    return [parsed.code, parsed.message].filter((part) => part !== undefined).join(' ');
  } catch {
    return '';
  }
}
