/** Sentences about a broadcast's rows and results, in the app's language. */
import {
  broadcastRowOwnProblems,
  type BroadcastPreview,
  type BroadcastRecipient,
} from '@souk/sync';
import { describeReason } from '$lib/errors.ts';
import { t } from '$lib/i18n/index.svelte.ts';

/** "Line 4, +34…: not a customer who opted in" (a customer without a value has no line). */
export function problemText(row: BroadcastPreview['problems'][number]): string {
  const own = broadcastRowOwnProblems.find((p) => p === row.problem);
  const problem = own
    ? t(`broadcast.problem.${own}`, { parameter: row.parameter ?? '' })
    : describeReason(row.problem);
  return row.line > 0
    ? t('broadcast.row', { line: row.line, phone: row.phone, problem })
    : `${row.phone}: ${problem}`;
}

export function outcomeText(r: BroadcastRecipient): string {
  if (r.status === 'sent') return t('broadcast.sent');
  if (r.status === 'pending') return t('broadcast.pending');
  if (r.status === 'cancelled') return t('broadcast.notSent');
  return r.reason ? describeReason(r.reason) : '';
}
