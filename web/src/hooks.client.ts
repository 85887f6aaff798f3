/**
 * Runs before any page: zod must not probe `new Function` (its fast parsers), which the app's
 * Content-Security-Policy forbids — the probe is caught, but the browser still reports it.
 */
import { z } from 'zod';

z.config({ jitless: true });
