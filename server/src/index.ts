export { startServer, StartupRefused, type RunningServer, type StartOptions } from './server.ts';
export { loadConfig, type Config } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export type { Clock } from './clock.ts';
export type { CodeMessage, CodeSender, SendOutcome } from './auth/code-sender.ts';
export type { DeliveryListener, DeliveryResult } from './auth/code-delivery.ts';
export { runCli } from './cli.ts';
