export { startServer, type RunningServer, type StartOptions } from './server.ts';
export { loadConfig, type Config } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export type { Clock } from './clock.ts';
export type { CodeSender } from './auth/code-sender.ts';
export { runCli } from './cli.ts';
