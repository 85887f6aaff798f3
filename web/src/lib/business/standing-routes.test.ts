import { describe, expect, it } from 'vitest';
import { accountRoutes, businessMeSchema, businessRoutes, currentTermsSchema } from '@souk/sync';
import { businessMeRoute, currentTermsRoute } from './standing-routes.ts';

const terms = { kind: 'tos', version: 3, text: 'Be kind.', publishedAt: 1_700_000_000_000 };
const record = {
  id: 'b1',
  phone: '+34612345678',
  name: 'Casa Pepe',
  category: 'food',
  status: 'active',
  verified: false,
  createdAt: 1_700_000_000_000,
};
const request = {
  id: 'v1',
  businessId: 'b1',
  businessName: 'Casa Pepe',
  evidence: 'Registry entry 42',
  status: 'pending',
  createdAt: 1,
  decidedAt: null,
  decisionReason: null,
};

/** Each answer given to both checks: the zod schema's and the first screen's. */
function sameVerdicts(
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown } },
  route: { response: unknown },
  answers: unknown[],
) {
  const byHand = (route.response as typeof schema).safeParse;
  it.each(answers.map((answer) => [JSON.stringify(answer), answer]))(
    'gives the zod schema’s verdict on %s',
    (_name, answer) => {
      const hand = byHand(answer);
      const zod = schema.safeParse(answer);
      expect(hand.success).toBe(zod.success);
      if (hand.success && zod.success) expect(hand.data).toEqual(zod.data);
    },
  );
}

describe('the business first screen’s standing routes', () => {
  it('call the same routes as the contract', () => {
    for (const [mine, theirs] of [
      [currentTermsRoute, accountRoutes.currentTerms],
      [businessMeRoute, businessRoutes.me],
    ] as const)
      expect([mine.method, mine.path]).toEqual([theirs.method, theirs.path]);
  });

  describe('current terms', () => {
    sameVerdicts(currentTermsSchema, currentTermsRoute, [
      { tos: terms, privacy: { ...terms, kind: 'privacy' } },
      { tos: null, privacy: null, extra: 'dropped' },
      { tos: { ...terms, extra: 1 }, privacy: null },
      { tos: terms },
      { tos: { ...terms, kind: 'cookies' }, privacy: null },
      { tos: { ...terms, version: 0 }, privacy: null },
      { tos: { ...terms, version: 1.5 }, privacy: null },
      { tos: { ...terms, version: '3' }, privacy: null },
      { tos: { ...terms, text: null }, privacy: null },
      { tos: { ...terms, publishedAt: undefined }, privacy: null },
      { tos: [], privacy: null },
      [],
      null,
      'terms',
    ]);
  });

  describe('the business and its names', () => {
    sameVerdicts(businessMeSchema, businessMeRoute, [
      { business: record, names: [{ name: 'Casa Pepe', since: 1 }], verification: request },
      { business: null, names: [], verification: null },
      {
        business: { ...record, extra: true },
        names: [{ name: 'A', since: 2, by: 'x' }],
        verification: { ...request, status: 'rejected', decidedAt: 5, decisionReason: 'No.' },
      },
      { business: { ...record, category: 'spaceships' }, names: [], verification: null },
      { business: { ...record, status: 'closed' }, names: [], verification: null },
      { business: { ...record, verified: 'yes' }, names: [], verification: null },
      { business: { ...record, createdAt: null }, names: [], verification: null },
      { business: record, names: [{ name: 'A' }], verification: null },
      { business: record, names: {}, verification: null },
      { business: record, names: [] },
      { business: record, names: [], verification: { ...request, status: 'lost' } },
      { business: record, names: [], verification: { ...request, decidedAt: 'soon' } },
      { names: [], verification: null },
      null,
      42,
    ]);
  });
});
