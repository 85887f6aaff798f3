import { describe, expect, it } from 'vitest';
import { chatPath, pushPayloadSchema } from '@souk/sync';
import { clickAction, readPushNotice } from './notification.ts';

describe('readPushNotice', () => {
  it('agrees with the shared payload schema and chat paths', () => {
    for (const payload of [
      { doc: 'conv:abc12345', app: 'personal', title: '+34612345678', body: 'Hola' },
      { doc: 'conv:abc12345~3', app: 'business', title: 'Ana', body: '' },
      { doc: 'prefs:abc12345', app: 'personal', title: 'x', body: 'y' },
      { doc: 'conv:../../x', app: 'personal', title: 'x', body: 'y' },
      { doc: 'conv:abc12345', app: 'admin', title: 'x', body: 'y' },
    ]) {
      const shared = pushPayloadSchema.safeParse(payload);
      const path = shared.success ? chatPath(shared.data.app, shared.data.doc) : null;
      expect(readPushNotice(payload)?.url ?? null, JSON.stringify(payload)).toBe(path);
    }
  });

  it('ignores what is not a payload and names the notification', () => {
    expect(readPushNotice(null)).toBeNull();
    expect(readPushNotice('conv:abc')).toBeNull();
    expect(
      readPushNotice({ doc: 'conv:abc12345~2', app: 'business', title: '', body: 'b' }),
    ).toEqual({ title: 'Souk', body: 'b', tag: 'conv:abc12345', url: '/business/chat/abc12345' });
  });
});

describe('clickAction', () => {
  const origin = 'https://souk.example';
  it('focuses the chat, else takes over a window of the same app, else opens one', () => {
    const windows = [`${origin}/business/chat/b1`, `${origin}/settings`, `${origin}/chat/c1`];
    expect(clickAction(windows, '/chat/c1')).toEqual({ kind: 'focus', index: 2 });
    expect(clickAction(windows, '/chat/c2')).toEqual({ kind: 'navigate', index: 1 });
    expect(clickAction(windows, '/business/chat/b2')).toEqual({ kind: 'navigate', index: 0 });
    expect(clickAction([`${origin}/`], '/business/chat/b2')).toEqual({ kind: 'open' });
    expect(clickAction([`${origin}/business`], '/chat/c1')).toEqual({ kind: 'open' });
    expect(clickAction([], '/chat/c1')).toEqual({ kind: 'open' });
  });
});
