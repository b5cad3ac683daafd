import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { maskIbansInText } from '../../organisations/domain/iban';

/** JSON string escapes: the text between them is the logged text itself. */
const JSON_ESCAPE = /(\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})/;

/** Query parameters that carry a credential (a token sent as `?access_token=` is never logged). */
const SECRET_PARAM = /([?&;](?:access_token|id_token|refresh_token|token|api_key|apikey|api-key|client_secret|secret|password|signature|sig)=)[^&;\s"\\#]+/gi;
/** Headers that carry a credential, as pino writes them ("authorization":"Bearer …"). */
const SECRET_HEADER = /("(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|webhook-signature)"\s*:\s*")(?:[^"\\]|\\.)*"/gi;
/** A credential anywhere else in the line: a bearer or basic credential, a JWT, a webhook secret. */
const SECRET_TEXT = /\b(?:(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+|eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*|whsec_[A-Za-z0-9+/=]+)/g;
/** Cheap first look, so most lines skip the three replacements. */
const MAY_HOLD_SECRET = /=|earer|asic |eyJ|whsec_|uthorization|ookie|x-api-key|signature/i;

/**
 * Redacts credentials in one serialised log line: tokens and keys in logged URLs' query
 * strings, credential headers, bearer tokens, JWTs and webhook secrets anywhere. An
 * Idempotency-Key or correlation id is kept: it names a request, it opens nothing.
 */
export function redactSecrets(line: string): string {
  if (!MAY_HOLD_SECRET.test(line)) return line;
  return line
    .replace(SECRET_PARAM, '$1[REDACTED]')
    .replace(SECRET_HEADER, '$1[REDACTED]"')
    .replace(SECRET_TEXT, (_m, scheme: string | undefined) => (scheme ? `${scheme} [REDACTED]` : '[REDACTED]'));
}

/**
 * Masks IBANs in one serialised log line (and redacts credentials, above). Runs on the finished line, after pino's
 * serializers, so a logged request or reply is masked as written, not walked as the
 * live object graph it is (socket, server and all: that walk cost a sixth of the API
 * process's CPU under load). An escape such as \n counts as a word boundary.
 */
export function maskLogLine(line: string): string {
  return redactSecrets(line)
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
