/**
 * Businesses' links (`/c/<handle>`): the page anyone may open signed out, a chat started and an
 * opt-in counted from a link, the business's own handle, its change (reviewed by the operator)
 * and its link statistics, and the operator's review of handle changes.
 */
import { z } from 'zod';
import { startChatResultSchema } from '../../api.ts';
import { reviewDecisionSchema, reviewStatusSchema } from '../../business/platform-api.ts';
import { businessCategorySchema, openingHoursSchema } from '../../business/profile.ts';
import { statsDaySchema, statsRangeQuerySchema } from '../../stats.ts';
import { route } from '../route.ts';
import { reviewStatusQuerySchema } from './admin.ts';

/** What a link's page shows, public: only what the profile already shows to anyone. */
export const linkPageSchema = z.object({
  /** The business's current handle (differs from the one asked for when that one was renamed). */
  handle: z.string(),
  businessId: z.string(),
  name: z.string(),
  verified: z.boolean(),
  category: businessCategorySchema.nullable(),
  photo: z.string().nullable(),
  description: z.string().nullable(),
  hours: openingHoursSchema.nullable(),
});
export type LinkPage = z.infer<typeof linkPageSchema>;

export const handleChangeSchema = z.object({
  id: z.string(),
  businessId: z.string(),
  currentHandle: z.string(),
  handle: z.string(),
  status: reviewStatusSchema,
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  decisionReason: z.string().nullable(),
});
export type HandleChange = z.infer<typeof handleChangeSchema>;

export const businessLinkSchema = z.object({
  handle: z.string(),
  /** Old handles still redirecting, and until when. */
  previous: z.array(z.object({ handle: z.string(), until: z.number() })),
  pending: handleChangeSchema.nullable(),
});
export type BusinessLink = z.infer<typeof businessLinkSchema>;

const count = z.int().nonnegative();
export const linkStatsRowSchema = z.object({
  day: statsDaySchema,
  handle: z.string(),
  visits: count,
  chats: count,
  optIns: count,
});
export type LinkStatsRow = z.infer<typeof linkStatsRowSchema>;
/** Per handle and UTC day, days with no use left out, oldest first. */
export const linkStatsSchema = z.object({
  from: statsDaySchema,
  to: statsDaySchema,
  rows: z.array(linkStatsRowSchema),
});
export type LinkStats = z.infer<typeof linkStatsSchema>;

export const linkRoutes = {
  /** Public (no session): also counts a visit. A renamed handle answers with the current one. */
  page: route({ method: 'GET', path: '/links/:handle', response: linkPageSchema }),
  /** A person starts (or reopens) the chat with the link's business; counted for the link. */
  chat: route({
    method: 'POST',
    path: '/links/:handle/chat',
    response: startChatResultSchema,
  }),
  /**
   * Counts the person's opt-in for the link. The opt-in itself is the person's own choice in
   * their preferences; this only attributes it, and only while the person is opted in.
   */
  optIn: route({
    method: 'POST',
    path: '/links/:handle/opt-in',
    response: z.object({ counted: z.boolean() }),
  }),
  mine: route({ method: 'GET', path: '/business/link', response: businessLinkSchema }),
  requestHandleChange: route({
    method: 'POST',
    path: '/business/handle-change',
    body: z.object({ handle: z.string().max(64) }).strict(),
    response: handleChangeSchema,
    status: 201,
  }),
  stats: route({
    method: 'GET',
    path: '/business/link/stats',
    query: statsRangeQuerySchema,
    response: linkStatsSchema,
  }),
  handleChanges: route({
    method: 'GET',
    path: '/admin/handle-changes',
    query: reviewStatusQuerySchema,
    response: z.array(handleChangeSchema),
  }),
  decideHandleChange: route({
    method: 'POST',
    path: '/admin/handle-changes/:id/:decision',
    body: reviewDecisionSchema,
    response: handleChangeSchema,
  }),
};
