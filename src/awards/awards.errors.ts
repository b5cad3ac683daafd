import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the awards feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const AWARDS_ERRORS = {
  'DECISION.NOT_FOUND': 'not_found',
  'DECISION.RUN_IN_PROGRESS': 'conflict',
  'JOB.NOT_FOUND': 'not_found',
  'OBJECTION.ALREADY_LODGED': 'conflict',
  'OBJECTION.DECIDED': 'conflict',
  'OBJECTION.DECISION_REPLACED': 'conflict',
  'OBJECTION.INVALID': 'invalid',
  'OBJECTION.NOT_FOUND': 'not_found',
  'OBJECTION.NO_BUDGET_LINE': 'conflict',
  'OBJECTION.TERM_ENDED': 'conflict',
} as const satisfies Record<string, ErrorKind>;
