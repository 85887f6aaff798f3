/**
 * The real server in-process for integration tests, on either database: PGlite in memory, or a
 * throw-away PostgreSQL database. A free port, quiet logs.
 */
import {
  createLogger,
  loadConfig,
  startServer,
  type RunningServer,
  type StartOptions,
} from '@souk/server';
import { freshDatabase } from './processes.ts';

export type TestServer = RunningServer;
export type Backend = 'pglite' | 'postgres';
export const backends: Backend[] = ['pglite', 'postgres'];

export async function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
  backend: Backend = 'pglite',
): Promise<TestServer> {
  const database = backend === 'postgres' ? await freshDatabase() : null;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    WEB_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const server = await startServer(config, { logger: createLogger('silent'), ...options });
  return {
    ...server,
    close: async () => {
      await server.close();
      await database?.drop();
    },
  };
}
