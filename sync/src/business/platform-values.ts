/**
 * The business platform's closed lists (legal documents, categories, statuses), without zod: the
 * business app's first screen reads them and ships no zod; the schemas (profile.ts,
 * platform-api.ts) are built from them.
 */
export const legalKinds = ['tos', 'privacy'] as const;
export type LegalKind = (typeof legalKinds)[number];

export const businessCategories = [
  'retail',
  'food',
  'services',
  'health',
  'beauty',
  'education',
  'travel',
  'automotive',
  'finance',
  'home',
  'entertainment',
  'professional',
  'nonprofit',
  'other',
] as const;

export const businessStatuses = ['active', 'suspended'] as const;

export const reviewStatuses = ['pending', 'approved', 'rejected'] as const;
