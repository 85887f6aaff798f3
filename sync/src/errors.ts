/**
 * The error that crosses HTTP: `{kind, message, details?}`. The kinds, reason codes and close
 * codes are defined once, in contract/codes.ts; a refusal with a reason carries its code as
 * `details.reason`, so clients branch on `kind` and translate `details.reason`, never `message`.
 */
import { isReasonCode, type ErrorKind, type Reason, type ReasonCode } from './contract/codes.ts';
import { messageOf } from './contract/messages.ts';

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

  /** A refusal for a reason: its English sentence, and `details.reason` = the code. */
  static refusal(kind: ErrorKind, reason: Reason): SoukError {
    return new SoukError(kind, messageOf(reason), { ...reason.details, reason: reason.code });
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
