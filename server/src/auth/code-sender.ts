/**
 * Where one-time codes go. The default writes them to the log and keeps the latest in a
 * development outbox (served at /api/dev/outbox when enabled); production plugs in an SMS sender.
 */
import type { OutboxEntry } from '@souk/sync';
import type { Logger } from '../logger.ts';

export interface CodeSender {
  send(phone: string, code: string, at: number): Promise<void>;
}

export class DevOutbox implements CodeSender {
  private readonly entries: OutboxEntry[] = [];
  constructor(private readonly logger: Logger) {}

  async send(phone: string, code: string, at: number): Promise<void> {
    this.logger.info({ phone, code }, 'one-time code (development sender)');
    this.entries.unshift({ phone, code, at });
    this.entries.length = Math.min(this.entries.length, 1000);
  }

  /** Newest first. */
  list(phone?: string): OutboxEntry[] {
    return phone ? this.entries.filter((e) => e.phone === phone) : [...this.entries];
  }
}
