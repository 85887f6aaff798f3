import { describe, expect, it } from 'vitest';
import { appAt } from './app-at.ts';

describe('the app a path belongs to', () => {
  it('is Souk Business under /business, the personal app elsewhere', () => {
    expect(appAt('/business')).toBe('business');
    expect(appAt('/business/chat/x')).toBe('business');
    expect(appAt('/')).toBe('personal');
    expect(appAt('/chat/x')).toBe('personal');
    expect(appAt('/businesses')).toBe('personal'); // the personal app's directory of shops
    expect(appAt('/c/shop')).toBe('personal');
  });
});
