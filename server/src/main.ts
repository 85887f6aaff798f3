/** `pnpm start`: reads the configuration, starts Souk, and shuts down gracefully on SIGTERM/SIGINT. */
import { loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer, StartupRefused } from './server.ts';

/** A configuration Souk cannot run with: one line saying what to set, no stack trace. */
function refuse(error: unknown): never {
  const plain = error instanceof StartupRefused || /^Invalid configuration/.test(String(error));
  if (!plain) throw error;
  console.error((error as Error).message);
  process.exit(1);
}

let config: Readonly<Config>;
try {
  config = loadConfig();
} catch (error) {
  refuse(error);
}
const logger = createLogger(config.logLevel);
const server = await startServer(config, { logger }).catch(refuse);
logger.info(`Open ${server.url} in a browser`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down: finishing in-flight writes');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
