/**
 * The SMS part of the configuration: which sender delivers sign-in codes (the variables of one
 * sender, never two), how long a delivery may take, and the caps against SMS pumping. Read by
 * config.ts with the rest of the environment.
 */
import { z } from 'zod';
import { smsCapDefaults, type SmsCaps } from '../sms-caps.ts';
import { isCallingCode } from '@souk/sync';

const optionalText = z.string().min(1).optional();

export const smsEnv = {
  SOUK_SMS_WEBHOOK_URL: optionalText.describe('the SMS gateway sign-in codes are POSTed to'),
  SOUK_SMS_WEBHOOK_SECRET: optionalText.describe('the secret signing those POSTs (Souk-Signature)'),
  SOUK_TWILIO_ACCOUNT_SID: optionalText.describe('Twilio: the Account SID'),
  SOUK_TWILIO_AUTH_TOKEN: optionalText.describe('Twilio: the Auth Token'),
  SOUK_TWILIO_FROM: optionalText.describe('Twilio: sender number, id or Messaging Service SID'),
  SOUK_TWILIO_API_URL: z.string().default('https://api.twilio.com'),
  SOUK_VONAGE_API_KEY: optionalText.describe('Vonage: the API key'),
  SOUK_VONAGE_API_SECRET: optionalText.describe('Vonage: the API secret'),
  SOUK_VONAGE_FROM: optionalText.describe('Vonage: sender number or name'),
  SOUK_VONAGE_API_URL: z.string().default('https://rest.nexmo.com'),
  SOUK_SMS_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(200)
    .max(30_000)
    .default(9_000)
    .describe('how long a sign-in code may take to be accepted by the sender, retries included'),
  SOUK_SMS_PER_HOUR: z.coerce.number().int().min(0).default(smsCapDefaults.perHour),
  SOUK_SMS_PER_COUNTRY_PER_HOUR: z.coerce
    .number()
    .int()
    .min(0)
    .default(smsCapDefaults.perCountryPerHour),
  SOUK_SMS_COUNTRY_CAPS: z.string().default('').describe('per-country caps: +34:500,+44:20'),
};

type SmsEnv = z.infer<z.ZodObject<typeof smsEnv>>;

export type SenderConfig =
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'twilio'; accountSid: string; authToken: string; from: string; baseUrl: string }
  | { kind: 'vonage'; apiKey: string; apiSecret: string; from: string; baseUrl: string };

export interface SmsConfig {
  /** Null: no SMS sender (the development outbox, outside production). */
  sender: SenderConfig | null;
  deadlineMs: number;
  caps: SmsCaps;
}

/** What production without a sender says, on one line. */
export const noSenderLine =
  'Souk will not start in production without a way to send sign-in codes: set SOUK_SMS_WEBHOOK_URL and SOUK_SMS_WEBHOOK_SECRET, or SOUK_TWILIO_ACCOUNT_SID, SOUK_TWILIO_AUTH_TOKEN and SOUK_TWILIO_FROM, or SOUK_VONAGE_API_KEY, SOUK_VONAGE_API_SECRET and SOUK_VONAGE_FROM (or SOUK_DEV_OUTBOX=1 to keep codes on this machine).';

const groups = {
  webhook: ['SOUK_SMS_WEBHOOK_URL', 'SOUK_SMS_WEBHOOK_SECRET'],
  twilio: ['SOUK_TWILIO_ACCOUNT_SID', 'SOUK_TWILIO_AUTH_TOKEN', 'SOUK_TWILIO_FROM'],
  vonage: ['SOUK_VONAGE_API_KEY', 'SOUK_VONAGE_API_SECRET', 'SOUK_VONAGE_FROM'],
} as const;

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** https anywhere; plain http only to this machine (a local stand-in gateway, tests). */
function checkedUrl(name: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${name}: not a URL`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback.test(url.hostname)))
    return url.toString();
  throw new Error(
    `${name}: an https URL (plain http only to localhost), codes must not travel in clear`,
  );
}

function countryCaps(text: string): Record<string, number> {
  const caps: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^\+?(\d{1,3}):(\d+)$/.exec(part);
    const prefix = match?.[1] ?? '';
    if (!match || !isCallingCode(prefix))
      throw new Error(`SOUK_SMS_COUNTRY_CAPS: "${part}" is not <country code>:<SMS per hour>`);
    caps[prefix] = Number(match[2]);
  }
  return caps;
}

export function readSmsConfig(e: SmsEnv): SmsConfig {
  const chosen = (Object.keys(groups) as Array<keyof typeof groups>).filter((kind) =>
    groups[kind].some((name) => e[name] !== undefined),
  );
  if (chosen.length > 1) throw new Error(`configure one SMS sender, not ${chosen.join(' and ')}`);
  const kind = chosen[0];
  if (kind) {
    const missing = groups[kind].filter((name) => e[name] === undefined);
    if (missing.length > 0) throw new Error(`the ${kind} sender also needs ${missing.join(', ')}`);
  }
  const sender: SenderConfig | null =
    kind === 'webhook'
      ? {
          kind,
          url: checkedUrl('SOUK_SMS_WEBHOOK_URL', e.SOUK_SMS_WEBHOOK_URL!),
          secret: e.SOUK_SMS_WEBHOOK_SECRET!,
        }
      : kind === 'twilio'
        ? {
            kind,
            accountSid: e.SOUK_TWILIO_ACCOUNT_SID!,
            authToken: e.SOUK_TWILIO_AUTH_TOKEN!,
            from: e.SOUK_TWILIO_FROM!,
            baseUrl: checkedUrl('SOUK_TWILIO_API_URL', e.SOUK_TWILIO_API_URL),
          }
        : kind === 'vonage'
          ? {
              kind,
              apiKey: e.SOUK_VONAGE_API_KEY!,
              apiSecret: e.SOUK_VONAGE_API_SECRET!,
              from: e.SOUK_VONAGE_FROM!,
              baseUrl: checkedUrl('SOUK_VONAGE_API_URL', e.SOUK_VONAGE_API_URL),
            }
          : null;
  return {
    sender,
    deadlineMs: e.SOUK_SMS_DEADLINE_MS,
    caps: {
      perHour: e.SOUK_SMS_PER_HOUR,
      perCountryPerHour: e.SOUK_SMS_PER_COUNTRY_PER_HOUR,
      countries: Object.freeze(countryCaps(e.SOUK_SMS_COUNTRY_CAPS)),
    },
  };
}
