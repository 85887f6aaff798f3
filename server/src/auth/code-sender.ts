/**
 * Where one-time codes go: an SMS sender chosen by configuration (auth/sms/), or the development
 * outbox, which writes them to the log and keeps the latest (served at /api/dev/outbox when
 * enabled, to loopback clients only). In production a code is never written to the log: the line
 * says a code was issued, not which.
 */
import type { OutboxEntry } from '@souk/sync';
import type { Logger } from '../logger.ts';

export type SmsLocale = 'en' | 'es';

/** One code to deliver: the number, the code, and the SMS text built around it. */
export interface CodeMessage {
  to: string;
  code: string;
  text: string;
  locale: SmsLocale;
  at: number;
}

/** One attempt's outcome; `retry` when the same request may succeed later (timeouts, 5xx, 429). */
export type SendOutcome = { ok: true } | { ok: false; retry: boolean; error: string };

export interface CodeSender {
  /** `webhook`, `twilio`, `vonage`, `dev-outbox`… (logs and metrics). */
  readonly name: string;
  /** Whether each code costs an SMS: the server-wide caps (auth/sms-caps.ts) apply. */
  readonly paid: boolean;
  /** One attempt; `signal` aborts it when its time is up. */
  send(message: CodeMessage, signal: AbortSignal): Promise<SendOutcome>;
}

export class DevOutbox implements CodeSender {
  readonly name = 'dev-outbox';
  readonly paid = false;
  private readonly entries: OutboxEntry[] = [];
  constructor(
    private readonly logger: Logger,
    /** False in production: codes stay out of the logs. */
    private readonly logCodes = true,
  ) {}

  async send({ to, code, at }: CodeMessage): Promise<SendOutcome> {
    if (this.logCodes) this.logger.info({ phone: to, code }, 'one-time code (development sender)');
    else this.logger.info({ phone: to }, 'one-time code issued (not logged in production)');
    this.entries.unshift({ phone: to, code, at });
    this.entries.length = Math.min(this.entries.length, 1000);
    return { ok: true };
  }

  /** Newest first. */
  list(phone?: string): OutboxEntry[] {
    return phone ? this.entries.filter((e) => e.phone === phone) : [...this.entries];
  }
}
