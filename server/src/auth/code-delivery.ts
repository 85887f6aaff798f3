/**
 * Hands one code to the configured sender within a deadline: each attempt has its own timeout,
 * failures worth retrying (timeouts, 5xx, 429, a throttled provider) are retried after short
 * pauses, and once the deadline (9 s by default, so the person waits at most about 10) has
 * passed the code counts as not sent. Failures are logged with the sender, the number and the
 * provider's error — never the code, which is scrubbed even from an error that echoes it.
 */
import type { Logger } from '../logger.ts';
import type { CodeMessage, CodeSender, SendOutcome } from './code-sender.ts';

export interface DeliveryOptions {
  /** The whole delivery, retries included. */
  deadlineMs: number;
  /** One attempt, at most (cut shorter by the deadline). */
  attemptTimeoutMs: number;
  /** Pauses before the 2nd, 3rd… attempt; no more attempts than pauses + 1. */
  retryDelaysMs: readonly number[];
}

export const deliveryDefaults: DeliveryOptions = {
  deadlineMs: 9_000,
  attemptTimeoutMs: 5_000,
  retryDelaysMs: [250, 1_000, 2_000],
};

/** How a delivery ended (`capped`: refused by the pumping caps before any attempt). */
export type DeliveryResult = 'sent' | 'failed' | 'timed_out' | 'capped';

/** Called once per delivery: the point where metrics count deliveries by sender and result. */
export type DeliveryListener = (sender: string, result: DeliveryResult) => void;

export class CodeDelivery {
  constructor(
    readonly sender: CodeSender,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions = deliveryDefaults,
    private readonly listener: DeliveryListener = () => {},
  ) {}

  /** Whether the pumping caps apply (a paid SMS sender). */
  get paid(): boolean {
    return this.sender.paid;
  }

  report(result: DeliveryResult): void {
    try {
      this.listener(this.sender.name, result);
    } catch (error) {
      this.logger.error({ err: error }, 'code delivery listener failed');
    }
  }

  /** True once the sender accepted the code; false when it did not within the deadline. */
  async deliver(message: CodeMessage): Promise<boolean> {
    const { deadlineMs, attemptTimeoutMs, retryDelaysMs } = this.options;
    const deadline = performance.now() + deadlineMs;
    const overall = AbortSignal.timeout(deadlineMs);
    let attempts = 0;
    let last: SendOutcome = { ok: false, retry: true, error: 'not tried' };
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      attempts += 1;
      const attemptMs = Math.ceil(Math.min(attemptTimeoutMs, left));
      const signal = AbortSignal.any([overall, AbortSignal.timeout(attemptMs)]);
      last = await this.sender.send(message, signal).catch((error: unknown) => ({
        ok: false as const,
        retry: true,
        error: signal.aborted ? 'timed out' : error instanceof Error ? error.message : 'failed',
      }));
      if (last.ok) {
        this.report('sent');
        return true;
      }
      const pause = retryDelaysMs[attempts - 1];
      if (!last.retry || pause === undefined || performance.now() + pause >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    const error = last.ok ? '' : last.error.replaceAll(message.code, '••••••');
    const timedOut = performance.now() >= deadline || error === 'timed out';
    this.logger.warn(
      { sender: this.sender.name, phone: message.to, attempts, error, timedOut },
      'sign-in code not sent',
    );
    this.report(timedOut ? 'timed_out' : 'failed');
    return false;
  }
}
