/**
 * Routes for whoever runs Souk, authenticated by the operator token (`Authorization: Bearer
 * <SOUK_OPERATOR_TOKEN>`), not by a session: the `souk` CLI calls them on the running server
 * (server/src/http/export-route.ts, docs/operations.md).
 */
import { z } from 'zod';
import { route } from '../route.ts';

export const opsRoutes = {
  /** A consistent logical export of the whole database: gzip'd NDJSON (server/src/export/). */
  export: route({
    method: 'GET',
    path: '/ops/export',
    responseType: 'application/gzip',
    // A byte stream (the server's handler returns a ReadableStream): streamed, never parsed.
    response: z.unknown(),
  }),
};
