import { describe, expect, it } from 'vitest';
import { customerWindowMs, insideCustomerWindow } from '@souk/sync';
import { customerWindow, nextWindowChange } from './customer-window.ts';

const received = Date.UTC(2026, 11, 4, 9, 30);
const minute = 60_000;
const hour = 60 * minute;

describe('customerWindow', () => {
  it('counts down 24 hours from the server receive time, rounding the minutes up', () => {
    expect(customerWindow(received, received)).toEqual({ open: true, hours: 24, minutes: 0 });
    expect(customerWindow(received, received + minute + 1)).toEqual({
      open: true,
      hours: 23,
      minutes: 59,
    });
    expect(customerWindow(received, received + 20 * hour + 15 * minute)).toEqual({
      open: true,
      hours: 3,
      minutes: 45,
    });
    expect(customerWindow(received, received + customerWindowMs - 1)).toEqual({
      open: true,
      hours: 0,
      minutes: 1,
    });
  });

  it('is closed exactly when the server stops taking free-form messages, and without a message', () => {
    for (const now of [received + customerWindowMs - 1, received + customerWindowMs]) {
      expect(customerWindow(received, now).open).toBe(insideCustomerWindow(received, now));
    }
    expect(customerWindow(received, received + customerWindowMs)).toEqual({ open: false });
    expect(customerWindow(null, received)).toEqual({ open: false });
  });
});

describe('nextWindowChange', () => {
  it('wakes at the next whole minute of the countdown, and at the close', () => {
    expect(nextWindowChange(received, received)).toBe(minute);
    expect(nextWindowChange(received, received + 10_000)).toBe(50_000);
    const last = received + customerWindowMs - 5_000;
    expect(nextWindowChange(received, last)).toBe(5_000);
    // After that wait the label says what it should: closed.
    expect(customerWindow(received, last + 5_000)).toEqual({ open: false });
  });

  it('never wakes once closed (only a new customer message reopens it)', () => {
    expect(nextWindowChange(received, received + customerWindowMs)).toBeNull();
    expect(nextWindowChange(null, received)).toBeNull();
  });
});
