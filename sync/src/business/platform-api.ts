/**
 * Request and response bodies of the business platform's HTTP API (terms, registration, name
 * review, verification, the console), one schema per body, used by the server and the apps alike.
 * The business name itself is checked by `validateBusinessName` (name.ts), not here, so a refused
 * name comes back with that function's own sentence.
 */
import { z } from 'zod';
import { businessStatuses, legalKinds, reviewStatuses } from './platform-values.ts';
import { businessCategorySchema } from './profile.ts';

export const legalKindSchema = z.enum(legalKinds);

export const legalTextLimit = 100_000;

export const publishTermsSchema = z
  .object({
    kind: legalKindSchema,
    text: z
      .string()
      .trim()
      .min(1, 'The text cannot be empty.')
      .max(legalTextLimit, `The text can have at most ${legalTextLimit} characters.`),
  })
  .strict();

export const legalVersionSchema = z.object({
  kind: legalKindSchema,
  version: z.number().int().positive(),
  text: z.string(),
  publishedAt: z.number(),
});
export type LegalVersion = z.infer<typeof legalVersionSchema>;

/** `GET /api/terms`: the current version of each document (null before the first is published). */
export const currentTermsSchema = z.object({
  tos: legalVersionSchema.nullable(),
  privacy: legalVersionSchema.nullable(),
});
export type CurrentTerms = z.infer<typeof currentTermsSchema>;

const versionNumber = z.number().int().positive();
export const acceptTermsSchema = z.object({ tos: versionNumber, privacy: versionNumber }).strict();

/** The name is any string here: the server runs `validateBusinessName` and answers its reason. */
export const registerBusinessSchema = z
  .object({
    name: z.string().max(200),
    category: businessCategorySchema,
    /** The link's handle; one is made from the name when absent. Checked by the server. */
    handle: z.string().max(64).optional(),
  })
  .strict();

const reasonText = z.string().trim().max(1000, 'The reason can have at most 1000 characters.');

export const nameChangeRequestSchema = z
  .object({ name: z.string().max(200), reason: reasonText.min(1, 'Say why the name changes.') })
  .strict();

export const verificationRequestSchema = z
  .object({
    evidence: z
      .string()
      .trim()
      .min(1, 'Describe the evidence for verification.')
      .max(4000, 'The evidence can have at most 4000 characters.'),
  })
  .strict();

/** An operator's decision on a request, or a revocation/suspension: the reason is shown to the business. */
export const reviewDecisionSchema = z.object({ reason: reasonText.default('') }).strict();
export const requiredReasonSchema = z
  .object({ reason: reasonText.min(1, 'Give a reason.') })
  .strict();

export const businessStatusSchema = z.enum(businessStatuses);

export const businessRecordSchema = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string(),
  category: businessCategorySchema,
  status: businessStatusSchema,
  verified: z.boolean(),
  createdAt: z.number(),
});
export type BusinessRecord = z.infer<typeof businessRecordSchema>;

export const reviewStatusSchema = z.enum(reviewStatuses);

export const nameChangeSchema = z.object({
  id: z.string(),
  businessId: z.string(),
  currentName: z.string(),
  name: z.string(),
  reason: z.string(),
  status: reviewStatusSchema,
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  decisionReason: z.string().nullable(),
});
export type NameChange = z.infer<typeof nameChangeSchema>;

export const verificationSchema = z.object({
  id: z.string(),
  businessId: z.string(),
  businessName: z.string(),
  evidence: z.string(),
  status: reviewStatusSchema,
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  decisionReason: z.string().nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;

export const setCategorySchema = z.object({ category: businessCategorySchema }).strict();

/** Profile photos: what an upload may be; the server re-encodes it to a square WebP. */
export const photoUpload = {
  maxBytes: 5 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'image/webp'] as const,
  size: 512,
};

/** Photos in chats: the same types, up to 10 MB; the server re-encodes them (see media-service). */
export const chatImageUpload = { maxBytes: 10 * 1024 * 1024, types: photoUpload.types };

/** `GET /api/businesses?q=&category=`: people find businesses by name and category. */
export const businessSearchQuerySchema = z
  .object({
    q: z.string().trim().max(100, 'Search with at most 100 characters.').default(''),
    category: businessCategorySchema.optional(),
  })
  .strict();

export const businessSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  category: businessCategorySchema,
  verified: z.boolean(),
});
export type BusinessSummary = z.infer<typeof businessSummarySchema>;

/** A person reports a business to the platform. */
export const reportBusinessSchema = z
  .object({
    businessId: z.string().min(1).max(64),
    reason: reasonText.min(1, 'Say what is wrong.'),
  })
  .strict();

export const reportSchema = z.object({
  id: z.string(),
  businessId: z.string(),
  businessName: z.string(),
  reporter: z.string(),
  reason: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.number(),
  closedAt: z.number().nullable(),
  resolution: z.string().nullable(),
  /** Reports the platform files itself (reporter `platform`) carry a reason code, e.g. `name_taken`. */
  code: z.string().nullable(),
  /** The other business the reason concerns: the one whose name this one looks like. */
  related: z.object({ id: z.string(), name: z.string(), verified: z.boolean() }).nullable(),
});
export type Report = z.infer<typeof reportSchema>;

/** The answer to a photo upload: the URL now in the profile document. */
export interface StoredPhoto {
  photo: string;
}
