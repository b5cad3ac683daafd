import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { maskIbansInText } from '../../organisations/domain/iban';

/** JSON string escapes: the text between them is the logged text itself. */
const JSON_ESCAPE = /(\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})/;

/**
 * Masks IBANs in one serialised log line. Runs on the finished line, after pino's
 * serializers, so a logged request or reply is masked as written, not walked as the
 * live object graph it is (socket, server and all: that walk cost a sixth of the API
 * process's CPU under load). An escape such as \n counts as a word boundary.
 */
export function maskLogLine(line: string): string {
  return line
    .split(JSON_ESCAPE)
    .map((part, i) => (i % 2 === 1 ? part : maskIbansInText(part)))
    .join('');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'subsidia' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: maskLogLine },
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
