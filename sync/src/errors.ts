/**
 * The closed set of error kinds that cross the wire, over HTTP and over the sync socket.
 * Every refusal carries one kind, a human-readable message and optional details, so clients
 * can branch on `kind` and show `message`.
 */
export const errorKinds = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'too_large',
  'invalid_code',
  'code_expired',
  'too_many_attempts',
  'not_on_souk',
  'refused_update',
  /** A message the consent rules do not let through (details.reason: a RefusalReason). */
  'not_delivered',
  'unknown_document',
  'limit_exceeded',
  'version_too_old',
  'internal',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export interface SoukErrorBody {
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export class SoukError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SoukError';
  }

  toBody(): SoukErrorBody {
    return this.details
      ? { kind: this.kind, message: this.message, details: this.details }
      : { kind: this.kind, message: this.message };
  }
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (errorKinds as readonly string[]).includes(value);
}
