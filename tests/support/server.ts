/** The real server in-process for integration tests: PGlite in memory, a free port, quiet logs. */
import {
  createLogger,
  loadConfig,
  startServer,
  type RunningServer,
  type StartOptions,
} from '@souk/server';

export type TestServer = RunningServer;

export function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: 'memory://',
    WEB_DIR: '/nonexistent',
    LOG_LEVEL: 'silent',
    ...env,
  });
  return startServer(config, { logger: createLogger('silent'), ...options });
}
