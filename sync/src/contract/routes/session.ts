/**
 * Who is signed in, and signing out: the routes an app's first screen calls before anything else.
 * Their schemas use zod/mini (the same checks, tree-shakable), so that screen ships without the
 * rest of zod; `accountRoutes` lists them with the other account routes.
 */
import * as z from 'zod/mini';
import { route } from '../route.ts';

export const meSchema = z.object({
  id: z.string(),
  kind: z.enum(['person', 'business']),
  phone: z.string(),
});
export type Me = z.infer<typeof meSchema>;

export const sessionRoutes = {
  me: route({ method: 'GET', path: '/me', response: meSchema }),
  signOut: route({
    method: 'POST',
    path: '/auth/sign-out',
    response: z.object({ signedOut: z.boolean() }),
  }),
};
