/**
 * Structured logs (pino), narrowed with context by `logger.child({...})`: JSON lines for a log
 * collector, or readable lines when stdout is a terminal (pino-pretty, same fields).
 */
import { pino } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type Logger = pino.Logger;

/** `destination`: where the lines go (stdout by default; tests read them). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'souk' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    const pretty = PinoPretty({
      colorize: true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
    });
    return pino(options, pretty);
  }
  return pino(options);
}
