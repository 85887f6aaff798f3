/**
 * A refused business name in the person's language: the form's own check (`validateBusinessName`)
 * and the server's look-alike refusals (`name_taken`, `name_impersonates_*` in `details.code`)
 * are translated by their code; anything else goes through the app's one error funnel.
 */
import {
  businessNameLimits,
  isNameCollisionCode,
  SoukError,
  type BusinessNameResult,
} from '@souk/sync';
import { describeError } from '$lib/errors.ts';
import { t } from '$lib/i18n/index.svelte.ts';

type Refused = Extract<BusinessNameResult, { ok: false }>;

export function describeNameRefusal(refused: Refused): string {
  return t(`name.${refused.code}`, {
    min: businessNameLimits.minGraphemes,
    max: businessNameLimits.maxGraphemes,
    char: refused.char ?? '',
  });
}

export function describeNameError(error: unknown): string {
  const code = error instanceof SoukError ? error.details?.code : undefined;
  return isNameCollisionCode(code) ? t(`name.${code}`) : describeError(error);
}
