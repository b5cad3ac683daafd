import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the applications feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const APPLICATIONS_ERRORS = {
  'APPLICATION.CHANGED_MEANWHILE': 'conflict',
  'APPLICATION.ADDITIONS_CLOSED': 'conflict',
  'APPLICATION.APPLICANT_NOT_ELIGIBLE': 'conflict',
  'APPLICATION.APPLICANT_ONLY': 'forbidden',
  'APPLICATION.COMPLETION_TERM_EXPIRED': 'conflict',
  'APPLICATION.DEADLINE_PASSED': 'conflict',
  'APPLICATION.EXTENSION_NOT_LATER': 'invalid',
  'APPLICATION.EXTENSION_TOO_LONG': 'invalid',
  'APPLICATION.GROUNDS_REQUIRED': 'invalid',
  'APPLICATION.ILLEGAL_TRANSITION': 'conflict',
  'APPLICATION.INVALID': 'invalid',
  'APPLICATION.INVITATION_ANSWERED': 'conflict',
  'APPLICATION.LEAD_APPLICANT_ONLY': 'forbidden',
  'APPLICATION.LIMIT_PER_WINDOW': 'conflict',
  'APPLICATION.NOT_EDITABLE': 'conflict',
  'APPLICATION.NOT_FOUND': 'not_found',
  'APPLICATION.NO_BUDGET_LINE': 'conflict',
  'APPLICATION.NO_PENDING_DECISION': 'conflict',
  'APPLICATION.SCHEME_OFFICER_ONLY': 'forbidden',
  'APPLICATION.UNKNOWN_SCHEME': 'invalid',
  'APPLICATION.UNKNOWN_WINDOW': 'invalid',
  'APPLICATION.WINDOW_CLOSED': 'conflict',
  'APPLICATION.WINDOW_NOT_OPEN': 'conflict',
  'DOCUMENT.CONTENT_MISMATCH': 'invalid',
  'DOCUMENT.EMPTY': 'invalid',
  'DOCUMENT.INVALID_FILE_NAME': 'invalid',
  'DOCUMENT.NOT_FOUND': 'not_found',
  'DOCUMENT.TOO_MANY': 'conflict',
  'DOCUMENT.TYPE_NOT_ALLOWED': 'unsupported_media_type',
} as const satisfies Record<string, ErrorKind>;
