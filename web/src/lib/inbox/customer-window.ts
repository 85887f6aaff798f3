/**
 * The 24-hour customer-service window as a business chat's composer shows it, by the rule the
 * server applies (`insideCustomerWindow` in sync/src/policy/messaging.ts): free-form messages
 * while less than 24 hours have passed since the server received the customer's last message
 * (`lastMessageAt`, which the projection stores on the chat row), templates only after that.
 * Pure, with the time passed in, so the countdown is tested without waiting a day.
 */
import { customerWindowMs, insideCustomerWindow } from '@souk/sync';

export type CustomerWindow = { open: true; hours: number; minutes: number } | { open: false };

const minute = 60_000;

/** Open with the time left (whole hours and minutes, rounded up), or closed. */
export function customerWindow(lastCustomerMessageAt: number | null, now: number): CustomerWindow {
  if (lastCustomerMessageAt === null || !insideCustomerWindow(lastCustomerMessageAt, now))
    return { open: false };
  const left = Math.ceil((lastCustomerMessageAt + customerWindowMs - now) / minute);
  return { open: true, hours: Math.floor(left / 60), minutes: left % 60 };
}

/**
 * Milliseconds until what `customerWindow` says changes (the next whole minute of the countdown,
 * or the close), or null when it never will by itself (closed until the customer writes again).
 */
export function nextWindowChange(lastCustomerMessageAt: number | null, now: number): number | null {
  if (lastCustomerMessageAt === null || !insideCustomerWindow(lastCustomerMessageAt, now))
    return null;
  const left = lastCustomerMessageAt + customerWindowMs - now;
  return left % minute || minute;
}
