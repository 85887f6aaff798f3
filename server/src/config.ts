/** Configuration, read once from the environment through a described schema, then frozen. */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { readSmsConfig, smsEnv, type SmsConfig } from './auth/sms/sms-config.ts';
import { readUploadConfig, uploadEnv, type UploadConfig } from './media/upload-config.ts';
import {
  exportEnv,
  readScheduledExports,
  type ScheduledExportConfig,
} from './export/export-config.ts';

const defaultWebDir = fileURLToPath(new URL('../../web/build', import.meta.url));

/** `10.0.0.0/8`, `127.0.0.1`, `::1/128`: an address, optionally with a prefix length. */
function isCidr(text: string): boolean {
  const [address = '', bits, extra] = text.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32);
}

const cidrList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== ''),
  )
  .refine((list) => list.every(isCidr), 'a comma-separated list of addresses or CIDR blocks');

const envSchema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(3000)
    .describe('port for the app, the API and sync'),
  HOST: z.string().default('0.0.0.0').describe('interface to listen on'),
  DATA_DIR: z.string().default('./data').describe('directory of the embedded PGlite database'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('PostgreSQL connection string; PGlite when absent'),
  WEB_DIR: z.string().default(defaultWebDir).describe('the built web app to serve'),
  NODE_ENV: z.string().default('development'),
  SOUK_DEV_OUTBOX: z
    .enum(['0', '1', 'false', 'true'])
    .optional()
    .describe('force the development code outbox on or off (default: on unless production)'),
  SOUK_CODES_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('sign-in codes one IP address may request per 15 minutes'),
  SOUK_CODES_PER_PHONE: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('sign-in codes one phone number may request per 15 minutes'),
  SOUK_PUSH_CONTACT: z
    .string()
    .regex(/^(mailto:|https:\/\/)\S+$/, 'a mailto: or https: URL')
    .default('mailto:push@souk.invalid')
    .describe('the contact push services see for this server (VAPID subject)'),
  SOUK_WEBHOOKS_ALLOW_PRIVATE: z
    .enum(['0', '1', 'false', 'true'])
    .optional()
    .describe(
      'let webhooks reach private and loopback addresses, http to loopback (default: only outside production)',
    ),
  SOUK_WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(10_000)
    .describe('first retry delay of a failed webhook delivery (doubles each time)'),
  SOUK_FOLLOWER_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(20)
    .describe(
      'how long after a commit the log follower (statistics, webhook events) reads; commits in between share a batch',
    ),
  SOUK_BROADCAST_RATE: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe(
      'broadcast messages sent per second by one process, so live chats keep their latency',
    ),
  SOUK_PRESENCE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(300)
    .default(30_000)
    .describe(
      'PostgreSQL: how long presence from another process (online, typing) lasts unless renewed; a process that dies is shown offline after it',
    ),
  SOUK_BROADCAST_LEASE_MS: z.coerce
    .number()
    .int()
    .min(500)
    .default(30_000)
    .describe(
      'PostgreSQL: how long a broadcast job stays with a process that stopped renewing it before another carries it on',
    ),
  SOUK_TRUST_PROXY: cidrList
    .default([])
    .describe(
      'the reverse proxies (CIDR blocks) whose X-Forwarded-For/-Proto and Forwarded headers are believed',
    ),
  SOUK_PUBLIC_URL: z
    .string()
    .url()
    .refine((text) => /^https?:$/.test(new URL(text).protocol), 'an http(s) URL')
    .optional()
    .describe('the public URL people open (its origin may open sockets and send requests)'),
  SOUK_METRICS_TOKEN: z
    .string()
    .min(16, 'at least 16 characters')
    .optional()
    .describe('the bearer token Prometheus presents at /metrics (no /metrics without it)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...smsEnv,
  ...uploadEnv,
  ...exportEnv,
});

export interface Config {
  port: number;
  host: string;
  /** PGlite data directory, or 'memory://' for a throw-away database. */
  dataDir: string;
  databaseUrl: string | undefined;
  webDir: string;
  /** Development conveniences: the code outbox at /api/dev/outbox. */
  devOutbox: boolean;
  /** Sign-in codes one IP address may request per 15 minutes (shops behind one NAT need more). */
  codesPerIp: number;
  codesPerPhone: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** NODE_ENV=production: no development conveniences, and sign-in codes never logged. */
  production: boolean;
  /** Reverse proxies (addresses or CIDR blocks) whose forwarded headers are believed. */
  trustProxy: readonly string[];
  /** The public origin (`https://souk.example`), allowed beside the server's own. */
  publicOrigin: string | undefined;
  /** Web Push: the VAPID contact, and whether plain-HTTP loopback endpoints are allowed (not in production). */
  push: { contact: string; allowLoopbackHttp: boolean };
  /** Webhooks: private/loopback targets allowed (development only), first retry delay. */
  webhooks: { allowPrivate: boolean; retryBaseMs: number };
  /** How long after a commit the log follower reads (db/log-follower.ts). */
  followerDelayMs: number;
  /** Broadcast jobs (broadcasts/broadcast-runner.ts): sends per second, a runner's lease. */
  broadcasts: { perSecond: number; leaseMs: number };
  /** Sign-in codes by SMS: the sender (null: none configured), its deadline, the pumping caps. */
  sms: SmsConfig;
  /** The host named in the SMS's WebOTP line (`@host #code`): SOUK_PUBLIC_URL's, without port. */
  webOtpHost: string | undefined;
  /** The bearer token for /metrics; no /metrics without one. */
  metricsToken: string | undefined;
  /** Media files on disk and resumable uploads: directory, size limit per kind, expiry. */
  uploads: UploadConfig;
  /** The bearer token of operator routes (`souk export`); none answer without one. */
  operatorToken: string | undefined;
  /** How long another process's presence lasts unless renewed (presence-remote.ts). */
  presenceTimeoutMs: number;
  /** Scheduled exports (export/scheduled-exports.ts); null: none. */
  exports: ScheduledExportConfig | null;
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  let sms: SmsConfig;
  let exports: ScheduledExportConfig | null;
  try {
    sms = readSmsConfig(e);
    exports = readScheduledExports(e);
  } catch (error) {
    throw new Error(`Invalid configuration: ${(error as Error).message}`, { cause: error });
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR === 'memory://' ? e.DATA_DIR : resolve(e.DATA_DIR, 'pglite'),
    databaseUrl: e.DATABASE_URL,
    webDir: resolve(e.WEB_DIR),
    devOutbox:
      e.SOUK_DEV_OUTBOX === undefined
        ? e.NODE_ENV !== 'production'
        : e.SOUK_DEV_OUTBOX === '1' || e.SOUK_DEV_OUTBOX === 'true',
    codesPerIp: e.SOUK_CODES_PER_IP,
    codesPerPhone: e.SOUK_CODES_PER_PHONE,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    trustProxy: Object.freeze([...e.SOUK_TRUST_PROXY]),
    publicOrigin: e.SOUK_PUBLIC_URL === undefined ? undefined : new URL(e.SOUK_PUBLIC_URL).origin,
    push: Object.freeze({
      contact: e.SOUK_PUSH_CONTACT,
      allowLoopbackHttp: e.NODE_ENV !== 'production',
    }),
    webhooks: Object.freeze({
      allowPrivate:
        e.SOUK_WEBHOOKS_ALLOW_PRIVATE === undefined
          ? e.NODE_ENV !== 'production'
          : e.SOUK_WEBHOOKS_ALLOW_PRIVATE === '1' || e.SOUK_WEBHOOKS_ALLOW_PRIVATE === 'true',
      retryBaseMs: e.SOUK_WEBHOOK_RETRY_BASE_MS,
    }),
    followerDelayMs: e.SOUK_FOLLOWER_DELAY_MS,
    presenceTimeoutMs: e.SOUK_PRESENCE_TIMEOUT_MS,
    broadcasts: Object.freeze({
      perSecond: e.SOUK_BROADCAST_RATE,
      leaseMs: e.SOUK_BROADCAST_LEASE_MS,
    }),
    sms,
    webOtpHost: e.SOUK_PUBLIC_URL === undefined ? undefined : new URL(e.SOUK_PUBLIC_URL).hostname,
    metricsToken: e.SOUK_METRICS_TOKEN,
    uploads: readUploadConfig(e, e.DATA_DIR),
    operatorToken: e.SOUK_OPERATOR_TOKEN,
    exports,
  });
}
