import { describe, expect, it } from 'vitest';
import { chatPath, pushExcerpt, pushPayloadSchema, pushSubscriptionSchema } from './push.ts';

const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };

describe('push', () => {
  it('opens the chat of a conversation, any epoch, in the right app', () => {
    expect(chatPath('personal', 'conv:abc123')).toBe('/chat/abc123');
    expect(chatPath('business', 'conv:abc123~2')).toBe('/business/chat/abc123');
    expect(chatPath('personal', 'prefs:abc123')).toBeNull();
    expect(chatPath('personal', 'conv:../x')).toBeNull();
  });

  it('accepts a browser subscription and refuses malformed keys', () => {
    const json = { endpoint: 'https://push.example/abc', expirationTime: null, keys };
    expect(pushSubscriptionSchema.safeParse(json).success).toBe(true);
    const bad = { ...json, keys: { ...keys, auth: 'not base64url!' } };
    expect(pushSubscriptionSchema.safeParse(bad).success).toBe(false);
    expect(pushSubscriptionSchema.safeParse({ ...json, endpoint: 'nope' }).success).toBe(false);
  });

  it('cuts a long message to one short line', () => {
    expect(pushExcerpt('  hello\n\nthere ')).toBe('hello there');
    const long = pushExcerpt('x'.repeat(500));
    expect(long).toHaveLength(160);
    expect(long.endsWith('…')).toBe(true);
    expect(
      pushPayloadSchema.safeParse({ doc: 'conv:a', app: 'personal', title: 't', body: long })
        .success,
    ).toBe(true);
  });
});
