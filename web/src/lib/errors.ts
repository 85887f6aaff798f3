/** The one funnel from an error to a sentence for the person using the app. */
import { SoukError } from '@souk/sync';
import { OfflineError } from './api.ts';
import { t } from './i18n/index.svelte.ts';

export function describeError(error: unknown): string {
  if (error instanceof OfflineError) return t('error.network');
  if (error instanceof SoukError) return error.message;
  return t('error.generic');
}
