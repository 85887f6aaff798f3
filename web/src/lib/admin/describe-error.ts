/** The console's one funnel from an error to a sentence: the server's own message when it sent one. */
import { SoukError } from '@souk/sync';
import { OfflineError } from '$lib/api.ts';
import { ct } from './i18n/index.ts';

export function describeError(error: unknown): string {
  if (error instanceof OfflineError) return ct('error.network');
  if (error instanceof SoukError) return error.message;
  return ct('error.generic');
}
