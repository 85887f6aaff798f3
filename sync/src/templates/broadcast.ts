/**
 * Broadcasts (`/api/business/broadcasts`): one template to every customer who opted in to the
 * business (or those whose chat carries a label), conversation or not. Why it is shaped so:
 * - Each customer's parameters come from the shop's shared values, then the customer's profile
 *   (their name, as `name`), then a CSV the shop uploads (a `phone` column, one column per
 *   parameter), later ones winning. With a CSV, the audience is its usable rows.
 * - The preview answers before anything is sent: how many are addressed, how many the consent
 *   rules let it reach now, a few real rendered messages, and every row that cannot be used with
 *   its reason code — so the shop fixes its list first.
 * - Sending is a job stored on the server: it survives a restart, sends to each customer once,
 *   paces itself so live chats keep their latency, and can be cancelled. The app follows its
 *   progress and reads a result per customer, a page at a time.
 */
import { z } from 'zod';
import { reasonCodes, templateReasons } from '../contract/codes.ts';
import {
  languageTagSchema,
  parameterNameSchema,
  templateLimits,
  templateNameSchema,
} from './template.ts';

export const broadcastLimits = {
  /** A CSV of about 20,000 rows of a number and a few short values. */
  csvChars: 900_000,
  csvRows: 20_000,
  /** Rendered messages in a preview. */
  samples: 3,
  /** Unusable rows listed in a preview (the count says how many there are in all). */
  problemsShown: 100,
  resultsPage: 100,
} as const;

export const broadcastIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'No such broadcast.');

/** What a preview and a send both take. */
export const broadcastAudienceRequestSchema = z
  .object({
    template: templateNameSchema,
    /** The newest published version when left out. */
    version: z.int().positive().optional(),
    language: languageTagSchema.optional(),
    /** Values every customer gets (a customer's own values win). */
    params: z
      .record(parameterNameSchema, z.string().max(templateLimits.parameterValueChars))
      .default({}),
    /** Only customers whose chat carries this label (the business's inbox labels, by id). */
    label: z.string().min(1).max(64).optional(),
    /** `phone,<parameter>,…` with a header row: the audience and each one's values. */
    csv: z
      .string()
      .max(broadcastLimits.csvChars, `A CSV of at most ${broadcastLimits.csvChars} characters.`)
      .optional(),
  })
  .strict();
export type BroadcastAudienceRequest = z.input<typeof broadcastAudienceRequestSchema>;

export const broadcastRequestSchema = broadcastAudienceRequestSchema
  .extend({
    /**
     * Chosen once per broadcast by the sender: the same key starts one job, and a retry (a double
     * click, a resent request) gets that job; the same key with another request is `conflict`.
     */
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: 'key is 16 to 64 letters, digits, - or _.' })
      .optional(),
  })
  .strict();
export type BroadcastRequest = z.input<typeof broadcastRequestSchema>;

/** Why a row cannot be used, broadcasts' own reasons (the apps word them themselves). */
export const broadcastRowOwnProblems = [
  /** The CSV has no `phone` column. */
  'no_phone_column',
  /** Not a phone number in international format. */
  'bad_phone',
  /** Not someone who opted in to this business (or not in the label). */
  'not_a_customer',
  /** The number is on an earlier row too. */
  'duplicate_row',
  /** A parameter the template needs has no value. */
  'missing_parameter',
  /** The row has more or fewer cells than the header. */
  'bad_row',
] as const;
/** Why a row (of the CSV, or a customer without a value) cannot be used. */
export const broadcastRowProblems = [...broadcastRowOwnProblems, ...templateReasons] as const;
export const broadcastRowProblemSchema = z.enum(broadcastRowProblems).catch('bad_row');
export type BroadcastRowProblem = (typeof broadcastRowProblems)[number];

export const broadcastPreviewSchema = z.object({
  /** Customers addressed (usable rows). */
  audience: z.int().nonnegative(),
  /** Those the consent rules let it reach now. */
  reachable: z.int().nonnegative(),
  /** A few real messages as the first customers would read them. */
  samples: z.array(
    z.object({ phone: z.string(), text: z.string(), params: z.record(z.string(), z.string()) }),
  ),
  /** Rows that cannot be used: `line` of the CSV (1 is the header), or 0 for a customer. */
  problems: z.array(
    z.object({
      line: z.int().nonnegative(),
      phone: z.string(),
      problem: broadcastRowProblemSchema,
      /** The parameter it concerns, when one. */
      parameter: z.string().optional(),
    }),
  ),
  /** How many rows cannot be used in all (`problems` lists the first ones). */
  unusable: z.int().nonnegative(),
});
export type BroadcastPreview = z.infer<typeof broadcastPreviewSchema>;

export const broadcastStatuses = ['running', 'done', 'cancelled'] as const;

/** A broadcast job and its progress. */
export const broadcastJobSchema = z.object({
  broadcast: z.string(),
  template: z.string(),
  version: z.int(),
  status: z.enum(broadcastStatuses),
  total: z.int().nonnegative(),
  sent: z.int().nonnegative(),
  refused: z.int().nonnegative(),
  /** Not sent because the broadcast was cancelled first. */
  cancelled: z.int().nonnegative(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type BroadcastJob = z.infer<typeof broadcastJobSchema>;

export const recipientStatuses = ['pending', 'sent', 'refused', 'cancelled'] as const;

export const broadcastRecipientSchema = z.object({
  personId: z.string(),
  phone: z.string(),
  status: z.enum(recipientStatuses),
  /** Their chat, once the message went (or was refused in it). */
  conversation: z.string().nullable(),
  messageId: z.string().nullable(),
  // A code this app does not know (a newer server) reads as `unknown`.
  reason: z.enum(reasonCodes).catch('unknown').nullable(),
});
export type BroadcastRecipient = z.infer<typeof broadcastRecipientSchema>;

export const broadcastResultsQuerySchema = z
  .object({
    /** The `next` of the previous page. */
    after: z.coerce.number().int().nonnegative().optional(),
    status: z.enum(recipientStatuses).optional(),
  })
  .strict();

export const broadcastResultsSchema = z.object({
  results: z.array(broadcastRecipientSchema),
  next: z.int().nullable(),
});
export type BroadcastResults = z.infer<typeof broadcastResultsSchema>;
