import type { MessageKey } from './en.ts';
import { esApp } from './es/app.ts';
import { esBusiness } from './es/business.ts';
import { esTools } from './es/tools.ts';
import { esFeedback } from './es/feedback.ts';

/** Español. Typed against the English keys, so a missing translation fails the type check. */
export const es: Record<MessageKey, string> = {
  ...esApp,
  ...esBusiness,
  ...esTools,
  ...esFeedback,
};
