/** Structured JSON logs (pino); narrowed with context by `logger.child({...})`. */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'souk' } });
}
