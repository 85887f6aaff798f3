/**
 * The error that crosses HTTP: `{kind, message, details?}`. The kinds, reason codes and close
 * codes are defined once, in contract/codes.ts; a refusal with a reason carries its code as
 * `details.reason`, so clients branch on `kind` and translate `details.reason`, never `message`.
 * A refusal with its English sentence is made by `refusalError` (contract/messages.ts): the
 * sentences stay out of the apps, which never make one.
 */
import { isReasonCode, type ErrorKind, type ReasonCode } from './contract/codes.ts';

export interface SoukErrorBody {
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

/** Details of an error; `reason`, when present, is a code of the closed list (a typo does not compile). */
export type SoukErrorDetails = Record<string, unknown> & { reason?: ReasonCode };

export class SoukError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: SoukErrorDetails,
  ) {
    super(message);
    this.name = 'SoukError';
  }

  /** The reason code this error carries, if any. */
  get reason(): ReasonCode | null {
    const reason = this.details?.reason;
    return isReasonCode(reason) ? reason : null;
  }

  toBody(): SoukErrorBody {
    return this.details
      ? { kind: this.kind, message: this.message, details: this.details }
      : { kind: this.kind, message: this.message };
  }
}
