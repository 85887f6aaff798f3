/**
 * The platform console's routes (`/api/admin/*`), for operators only: the server checks the
 * operator on every request before any of these (server/src/http/admin-routes.ts).
 */
import { z } from 'zod';
import {
  businessRecordSchema,
  legalVersionSchema,
  nameChangeSchema,
  publishTermsSchema,
  reportSchema,
  requiredReasonSchema,
  reviewDecisionSchema,
  verificationSchema,
} from '../../business/platform-api.ts';
import { reviewStatuses } from '../../business/platform-values.ts';
import { announcementSchema, postAnnouncementSchema } from '../../docs/announcements.ts';
import { personReportSchema } from './person-reports.ts';
import { route } from '../route.ts';

/** `?status=` of the review lists; absent lists every request. */
export const reviewStatusQuerySchema = z.object({
  status: z.enum(reviewStatuses, { error: 'status is pending, approved or rejected.' }).optional(),
});
export const reportStatusQuerySchema = z.object({
  status: z.enum(['open', 'closed'], { error: 'status is open or closed.' }).optional(),
});

export const adminBusinessSchema = z.object({
  business: businessRecordSchema,
  names: z.array(z.object({ name: z.string(), since: z.number() })),
});
export type AdminBusiness = z.infer<typeof adminBusinessSchema>;

/** `:decision` is `approve` or `reject`; the server answers any other as an unknown route. */
export const reviewDecisions = ['approve', 'reject'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const adminRoutes = {
  me: route({
    method: 'GET',
    path: '/admin/me',
    response: z.object({ phone: z.string(), operator: z.literal(true) }),
  }),
  publishTerms: route({
    method: 'POST',
    path: '/admin/terms',
    body: publishTermsSchema,
    response: legalVersionSchema,
    status: 201,
  }),
  businesses: route({
    method: 'GET',
    path: '/admin/businesses',
    response: z.array(businessRecordSchema),
  }),
  business: route({ method: 'GET', path: '/admin/businesses/:id', response: adminBusinessSchema }),
  nameChanges: route({
    method: 'GET',
    path: '/admin/name-changes',
    query: reviewStatusQuerySchema,
    response: z.array(nameChangeSchema),
  }),
  decideNameChange: route({
    method: 'POST',
    path: '/admin/name-changes/:id/:decision',
    body: reviewDecisionSchema,
    response: nameChangeSchema,
  }),
  verifications: route({
    method: 'GET',
    path: '/admin/verifications',
    query: reviewStatusQuerySchema,
    response: z.array(verificationSchema),
  }),
  decideVerification: route({
    method: 'POST',
    path: '/admin/verifications/:id/:decision',
    body: reviewDecisionSchema,
    response: verificationSchema,
  }),
  revokeVerification: route({
    method: 'POST',
    path: '/admin/businesses/:id/revoke-verification',
    body: requiredReasonSchema,
    response: businessRecordSchema,
  }),
  suspend: route({
    method: 'POST',
    path: '/admin/businesses/:id/suspend',
    body: requiredReasonSchema,
    response: businessRecordSchema,
  }),
  restore: route({
    method: 'POST',
    path: '/admin/businesses/:id/restore',
    body: reviewDecisionSchema,
    response: businessRecordSchema,
  }),
  reports: route({
    method: 'GET',
    path: '/admin/reports',
    query: reportStatusQuerySchema,
    response: z.array(reportSchema),
  }),
  /** People's reports of people, newest first. */
  personReports: route({
    method: 'GET',
    path: '/admin/person-reports',
    response: z.array(personReportSchema),
  }),
  closeReport: route({
    method: 'POST',
    path: '/admin/reports/:id/close',
    body: requiredReasonSchema,
    response: reportSchema,
  }),
  announcements: route({
    method: 'GET',
    path: '/admin/announcements',
    response: z.array(announcementSchema),
  }),
  postAnnouncement: route({
    method: 'POST',
    path: '/admin/announcements',
    body: postAnnouncementSchema,
    response: announcementSchema,
    status: 201,
  }),
};
