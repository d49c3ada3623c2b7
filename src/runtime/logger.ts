// Structured logs (pino): JSON for machines, or pretty-printed lines for a person at a terminal.
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  /** Pretty lines (default: when stdout is a terminal, or VIGIL_LOG_PRETTY=1). */
  pretty?: boolean;
  level?: string;
  /** Where JSON lines go (tests pass a memory stream); default stdout. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env['VIGIL_LOG_LEVEL'] ?? 'info';
  const wantPretty = opts.pretty ?? (process.stdout.isTTY || process.env['VIGIL_LOG_PRETTY'] === '1');
  if (opts.destination) return pino({ level, base: undefined }, opts.destination);
  if (!wantPretty) return pino({ level, base: undefined });
  // Synchronous pretty stream: no worker thread, nothing lost when the process exits. Loaded
  // only here (a terminal): a daemon under systemd writes JSON and never needs it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  const stream = pretty({ colorize: process.stdout.isTTY, sync: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino({ level, base: undefined }, stream);
}
