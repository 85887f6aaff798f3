/**
 * Why the server ended this device's session (a reason code: signed out from another device),
 * kept across the reload that follows forgetting everything, for the sign-in screen to say.
 */
import { isReasonCode, type App, type ReasonCode } from '@souk/sync';

const keyOf = (app: App) => `souk-ended-${app}`;

export function rememberEnded(app: App, reason: ReasonCode): void {
  sessionStorage.setItem(keyOf(app), reason);
}

/** The reason, until the next sign-in here (the sign-in screen shows before and after the reload). */
export function endedReason(app: App): ReasonCode | null {
  const reason = sessionStorage.getItem(keyOf(app));
  return isReasonCode(reason) ? reason : null;
}

export function forgetEnded(app: App): void {
  sessionStorage.removeItem(keyOf(app));
}
