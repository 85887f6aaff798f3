import type { MessageKey } from './en.ts';
import { esApp } from './es/app.ts';
import { esBusiness } from './es/business.ts';
import { esTools } from './es/tools.ts';
import { esKinds } from './es/kinds.ts';

/** Español. Typed against the English keys, so a missing translation fails the type check. */
export const es: Record<MessageKey, string> = { ...esApp, ...esBusiness, ...esTools, ...esKinds };
