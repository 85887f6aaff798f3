/**
 * What a business's standing shows instead of its inbox or above it: onboarding (the terms, then
 * the registration) and the banner of newer terms. Most opens show neither, so each is a chunk of
 * its own; AppShell loads the one the standing needs beside the inbox's chunk
 * (`BusinessAccount.screen`), so it shows no later than the inbox would.
 */
export const loadOnboarding = () => import('./Onboarding.svelte');
export const loadTermsBanner = () => import('./TermsBanner.svelte');
