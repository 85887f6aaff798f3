import { enApp } from './en/app.ts';
import { enBusiness } from './en/business.ts';
import { enTools } from './en/tools.ts';
import { enFeedback } from './en/feedback.ts';

/** English: the source of every message key (split by area, merged here). */
export const en = { ...enApp, ...enBusiness, ...enTools, ...enFeedback } as const;

export type MessageKey = keyof typeof en;
