// Signing out, loaded when asked for (session.svelte.ts): its answer's schema brings zod along.
import { sessionRoutes } from '@souk/sync';

export const signOutRoute = sessionRoutes.signOut;
