import { pino, type Logger } from 'pino';
import type { AppConfig } from '../config/env';

/**
 * The server's log: one JSON line per event on standard output. Lines are written in batches off the
 * request's path instead of one blocking write each; pino writes out what is left when the process exits.
 */
export function createServerLogger(level: AppConfig['logLevel']): Logger {
  return pino({ level }, pino.destination({ dest: 1, sync: false }));
}
