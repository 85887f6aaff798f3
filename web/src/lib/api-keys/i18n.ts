/**
 * The Business API screen's words (keys, the webhook endpoint and its delivery log): the messages
 * `apiKeys.<key>` in web/messages/*.json, called by their short names here.
 */
import { t, type KeysUnder } from '$lib/i18n/index.svelte.ts';

export type ApiKeysKey = KeysUnder<'apiKeys'>;

export function at(key: ApiKeysKey, params: Record<string, string | number> = {}): string {
  return t(`apiKeys.${key}`, params);
}
