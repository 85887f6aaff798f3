/**
 * Runs before any page. zod must not probe `new Function` (its fast parsers), which the app's
 * Content-Security-Policy forbids — the probe is caught, but the browser still reports it.
 * zod keeps its settings in `globalThis.__zod_globalConfig` (made on its first load when absent):
 * set there, not with `z.config`, so the first screen, which parses nothing, loads no zod at all
 * (hooks.client.test.ts checks zod reads it). And the device's first read begins here.
 */
import { deviceDbName, startFirstRead } from './lib/first-read.ts';
import { firstScreenMeta } from './lib/device-meta.ts';
import { appAt } from './lib/app-at.ts';

declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

(globalThis.__zod_globalConfig ??= {}).jitless = true;

// The device's first read starts as the app's code loads, not once the first screen's components
// have loaded and asked for it (first-read.ts).
if (typeof indexedDB !== 'undefined' && typeof location !== 'undefined') {
  startFirstRead(deviceDbName(appAt(location.pathname)), firstScreenMeta);
}
