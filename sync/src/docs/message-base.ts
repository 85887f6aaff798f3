/** The fields every message in a conversation has, whatever its kind. */
import { z } from 'zod';

export const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const messageBaseSchema = z.object({
  id: messageIdSchema,
  author: z.string().min(1).max(64),
  /** The author's own running number, for receipts as watermarks. */
  n: z.int().positive(),
  at: z.int().nonnegative(),
});
