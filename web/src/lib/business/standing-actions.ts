// What a business does about its standing (accept the terms, register), loaded when it acts
// (account.svelte.ts): the routes' zod schemas stay off the first screen.
import { businessRoutes } from '@souk/sync';

export const acceptTermsRoute = businessRoutes.acceptTerms;
export const registerRoute = businessRoutes.register;
