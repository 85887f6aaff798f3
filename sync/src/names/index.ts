/** `@souk/sync/names`: name comparison, apart from the root so the apps load the confusables table only if they compare. */
export * from './codes.ts';
export * from './keys.ts';
export * from './collision.ts';
export * from './handles.ts';
