/**
 * Runs before any page: zod must not probe `new Function` (its fast parsers), which the app's
 * Content-Security-Policy forbids — the probe is caught, but the browser still reports it.
 * zod keeps its settings in `globalThis.__zod_globalConfig` (made on its first load when absent):
 * set there, not with `z.config`, so the first screen, which parses nothing, loads no zod at all
 * (hooks.client.test.ts checks zod reads it).
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

(globalThis.__zod_globalConfig ??= {}).jitless = true;

export {};
