/**
 * Counts every sign-in code handed to a sender by sender and result, around whatever sender the
 * configuration chose: senders need not know about metrics. A sender that throws has failed.
 */
import type { CodeSender } from '../auth/code-sender.ts';
import type { Metrics } from './metrics.ts';

export function countDeliveries(sender: CodeSender, name: string, metrics: Metrics): CodeSender {
  return {
    ...sender,
    send: async (...args: Parameters<CodeSender['send']>) => {
      try {
        await sender.send(...args);
        metrics.codeDeliveries.inc({ sender: name, result: 'sent' });
      } catch (error) {
        metrics.codeDeliveries.inc({ sender: name, result: 'failed' });
        throw error;
      }
    },
  };
}
