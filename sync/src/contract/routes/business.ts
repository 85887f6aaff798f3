/** The business app's platform routes (`/api/business/*`) and people's directory and reports. */
import { z } from 'zod';
import {
  acceptTermsSchema,
  businessRecordSchema,
  businessSearchQuerySchema,
  businessSummarySchema,
  nameChangeRequestSchema,
  nameChangeSchema,
  photoUpload,
  registerBusinessSchema,
  reportBusinessSchema,
  reportSchema,
  setCategorySchema,
  verificationRequestSchema,
  verificationSchema,
} from '../../business/platform-api.ts';
import { businessCategorySchema } from '../../business/profile.ts';
import { route } from '../route.ts';

export const businessMeSchema = z.object({
  business: businessRecordSchema.nullable(),
  names: z.array(z.object({ name: z.string(), since: z.number() })),
  /** The newest verification request (pending, or how the platform decided it), if any. */
  verification: verificationSchema.nullable(),
});
export type BusinessMe = z.infer<typeof businessMeSchema>;

export const businessRoutes = {
  acceptTerms: route({
    method: 'POST',
    path: '/business/terms/accept',
    body: acceptTermsSchema,
    response: z.object({ accepted: acceptTermsSchema }),
  }),
  me: route({ method: 'GET', path: '/business/me', response: businessMeSchema }),
  register: route({
    method: 'POST',
    path: '/business/register',
    body: registerBusinessSchema,
    response: businessRecordSchema,
    status: 201,
  }),
  requestNameChange: route({
    method: 'POST',
    path: '/business/name-change',
    body: nameChangeRequestSchema,
    response: nameChangeSchema,
    status: 201,
  }),
  requestVerification: route({
    method: 'POST',
    path: '/business/verification',
    body: verificationRequestSchema,
    response: verificationSchema,
    status: 201,
  }),
  setCategory: route({
    method: 'POST',
    path: '/business/category',
    body: setCategorySchema,
    response: z.object({ category: businessCategorySchema }),
  }),
  /** The body is the photo itself (JPEG, PNG or WebP, at most 5 MB), not JSON. */
  setPhoto: route({
    method: 'POST',
    path: '/business/photo',
    upload: photoUpload,
    response: z.object({ photo: z.string() }),
  }),
};

export const directoryRoutes = {
  search: route({
    method: 'GET',
    path: '/businesses',
    query: businessSearchQuerySchema,
    response: z.array(businessSummarySchema),
  }),
  report: route({
    method: 'POST',
    path: '/reports',
    body: reportBusinessSchema,
    response: reportSchema,
    status: 201,
  }),
};
