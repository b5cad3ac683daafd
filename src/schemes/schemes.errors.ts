import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the schemes feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const SCHEMES_ERRORS = {
  'BUDGET_LINE.NOT_FOUND': 'not_found',
  'SCHEME.BUDGET_LINE_CODE_TAKEN': 'conflict',
  'SCHEME.CEILING_BELOW_AWARDED': 'conflict',
  'SCHEME.CEILING_LOWERED': 'conflict',
  'SCHEME.CEILING_UNCHANGED': 'conflict',
  'SCHEME.CODE_TAKEN': 'conflict',
  'SCHEME.INVALID': 'invalid',
  'SCHEME.INVALID_BUDGET_LINE': 'invalid',
  'SCHEME.INVALID_WINDOW': 'invalid',
  'SCHEME.NOT_AN_OFFICER': 'forbidden',
  'SCHEME.NOT_FORMULA': 'conflict',
  'SCHEME.NOT_FOUND': 'not_found',
  'SCHEME.OFFICER_ALREADY_ADDED': 'conflict',
  'SCHEME.RULES_FIXED': 'conflict',
  'SCHEME.TAKES_NO_APPLICATIONS': 'conflict',
  'SCHEME.WINDOW_CODE_TAKEN': 'conflict',
  'SCHEME.WINDOW_IN_PAST': 'invalid',
  'WINDOW.NOT_FOUND': 'not_found',
} as const satisfies Record<string, ErrorKind>;
