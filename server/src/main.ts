/**
 * `pnpm start` (and `./souk start`): reads the configuration, starts Souk, says in one line where
 * it is, where its data lives and how to make the first operator; shuts down gracefully on
 * SIGTERM/SIGINT.
 */
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
const server = await startServer(config, { logger, processMetrics: true }).catch(refuse);
logger.info(readyLine(config, server.url));

/** "Souk is running at <url> · data in <where> · first operator: <how>" */
function readyLine(config: Readonly<Config>, url: string): string {
  const where = config.publicOrigin ?? url;
  const postgres = config.databaseUrl ? new URL(config.databaseUrl) : null;
  const data = postgres
    ? `PostgreSQL database ${postgres.pathname.slice(1)} on ${postgres.host}`
    : config.dataDir === 'memory://'
      ? 'memory (gone when Souk stops)'
      : config.dataDir;
  // An embedded PGlite directory is this process's alone: the CLI opens it while Souk is stopped.
  const operator = postgres
    ? './souk create-operator --phone <your number>'
    : 'stop Souk, run ./souk create-operator --phone <your number>, start again';
  return `Souk is running at ${where} · data in ${data} · first operator: ${operator}`;
}

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
