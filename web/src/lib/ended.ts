/**
 * Why the server ended this device's session (a reason code: signed out from another device),
 * kept across the reload that follows forgetting everything, for the sign-in screen to say once.
 */
import { isReasonCode, type App, type ReasonCode } from '@souk/sync';

const keyOf = (app: App) => `souk-ended-${app}`;

export function rememberEnded(app: App, reason: ReasonCode): void {
  sessionStorage.setItem(keyOf(app), reason);
}

/** The reason, once: reading it forgets it. */
export function takeEnded(app: App): ReasonCode | null {
  const reason = sessionStorage.getItem(keyOf(app));
  sessionStorage.removeItem(keyOf(app));
  return isReasonCode(reason) ? reason : null;
}
