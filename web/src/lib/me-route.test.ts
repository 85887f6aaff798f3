import { describe, expect, it } from 'vitest';
import { meSchema, sessionRoutes } from '@souk/sync';
import { meRoute, parseMe } from './me-route.ts';

describe('the first screen’s check of who is signed in', () => {
  it('calls the same route as sessionRoutes.me', () => {
    expect([meRoute.method, meRoute.path]).toEqual([
      sessionRoutes.me.method,
      sessionRoutes.me.path,
    ]);
  });

  const answers: unknown[] = [
    { id: 'p1', kind: 'person', phone: '+34612345678' },
    { id: 'b1', kind: 'business', phone: '+34612345678', extra: 'dropped' },
    { id: 'x', kind: 'robot', phone: '+1' },
    { id: 1, kind: 'person', phone: '+1' },
    { id: 'p1', kind: 'person' },
    { id: 'p1', phone: '+1' },
    { kind: 'person', phone: '+1' },
    { id: 'p1', kind: 'person', phone: null },
    null,
    'p1',
    [],
    42,
  ];

  it.each(answers.map((answer) => [JSON.stringify(answer), answer]))(
    'gives meSchema’s verdict on %s',
    (_name, answer) => {
      const byHand = parseMe(answer);
      const byZod = meSchema.safeParse(answer);
      expect(byHand.success).toBe(byZod.success);
      if (byHand.success && byZod.success) expect(byHand.data).toEqual(byZod.data);
    },
  );
});
