/** Parses a JSON request body with a shared schema; bad input is a 400 with the first problem. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { SoukError } from '@souk/sync';

export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new SoukError('bad_request', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SoukError('bad_request', issue?.message ?? 'Invalid request.', {
      path: issue?.path.join('.'),
    });
  }
  return parsed.data;
}
