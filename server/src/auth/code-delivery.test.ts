import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import type { CodeMessage, CodeSender, SendOutcome } from './code-sender.ts';
import { CodeDelivery, type DeliveryResult } from './code-delivery.ts';

const message: CodeMessage = { to: '+34611000000', code: '246810', text: 'x', locale: 'en', at: 0 };

function setup(answers: Array<SendOutcome | 'hang' | 'throw'>, deadlineMs = 2_000) {
  const lines: string[] = [];
  const results: DeliveryResult[] = [];
  let attempts = 0;
  const sender: CodeSender = {
    name: 'fake',
    paid: true,
    send: (_message, signal) => {
      const answer = answers[Math.min(attempts++, answers.length - 1)]!;
      if (answer === 'throw') return Promise.reject(new Error('socket hang up'));
      if (answer !== 'hang') return Promise.resolve(answer);
      return new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    },
  };
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const delivery = new CodeDelivery(
    sender,
    logger,
    { deadlineMs, attemptTimeoutMs: 300, retryDelaysMs: [10, 10] },
    (_name, result) => void results.push(result),
  );
  return { delivery, lines, results, attempts: () => attempts };
}

describe('code delivery', () => {
  it('retries what may pass later, up to the pauses it has', async () => {
    const { delivery, results, attempts } = setup([
      'throw',
      { ok: false, retry: true, error: 'HTTP 503' },
      { ok: true },
    ]);
    expect(await delivery.deliver(message)).toBe(true);
    expect(attempts()).toBe(3);
    expect(results).toEqual(['sent']);
  });

  it('does not retry a refusal that will not pass, and logs it without the code', async () => {
    const echo = { ok: false as const, retry: false, error: 'HTTP 400: bad text "code 246810"' };
    const { delivery, lines, results, attempts } = setup([echo]);
    expect(await delivery.deliver(message)).toBe(false);
    expect(attempts()).toBe(1);
    expect(results).toEqual(['failed']);
    const log = lines.join('');
    expect(log).toContain('HTTP 400: bad text');
    expect(log).not.toContain('246810');
  });

  it('gives up at the deadline when the sender never answers', async () => {
    const { delivery, results, attempts } = setup(['hang'], 500);
    const started = performance.now();
    expect(await delivery.deliver(message)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(attempts()).toBeGreaterThanOrEqual(1);
    expect(results).toEqual(['timed_out']);
  });
});
