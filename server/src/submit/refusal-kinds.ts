import type { ErrorKind } from '@souk/sync';
import type { Stage } from './submit.ts';

/** The error kind each refusing step of the submit path answers with (either socket door). */
export const refusalKinds: Record<Stage, ErrorKind> = {
  business: 'forbidden',
  consent: 'not_delivered',
  validator: 'refused_update',
};
