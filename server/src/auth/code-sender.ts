/**
 * Where one-time codes go. The default writes them to the log and keeps the latest in a
 * development outbox (served at /api/dev/outbox when enabled, to loopback clients only);
 * production plugs in an SMS sender. In production a code is never written to the log: the line
 * says a code was issued, not which.
 */
import type { OutboxEntry } from '@souk/sync';
import type { Logger } from '../logger.ts';

export interface CodeSender {
  send(phone: string, code: string, at: number): Promise<void>;
}

export class DevOutbox implements CodeSender {
  private readonly entries: OutboxEntry[] = [];
  constructor(
    private readonly logger: Logger,
    /** False in production: codes stay out of the logs. */
    private readonly logCodes = true,
  ) {}

  async send(phone: string, code: string, at: number): Promise<void> {
    if (this.logCodes) this.logger.info({ phone, code }, 'one-time code (development sender)');
    else this.logger.info({ phone }, 'one-time code issued (not logged in production)');
    this.entries.unshift({ phone, code, at });
    this.entries.length = Math.min(this.entries.length, 1000);
  }

  /** Newest first. */
  list(phone?: string): OutboxEntry[] {
    return phone ? this.entries.filter((e) => e.phone === phone) : [...this.entries];
  }
}
