import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { maskIbansInText } from '../../organisations/domain/iban';

/** Masks IBANs anywhere in a log record: bank details never reach the logs. */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIbansInText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskIbansInText(value.message), stack: value.stack };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'subsidia' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (record) => maskDeep(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskIbansInText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** Nest's own log lines (bootstrap, errors) through the same structured pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  // Nest's routine bootstrap chatter goes to debug; the start-up summary is ours.
  log(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
