import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the decentralisation feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const DECENTRALISATION_ERRORS = {
  'DU.BUDGET_LINE_NOT_ONE_YEAR': 'conflict',
  'DU.CIRCULAR_OUT_OF_ORDER': 'conflict',
  'DU.CONCURRENT_CIRCULAR': 'conflict',
  'DU.INVALID_KEY': 'invalid',
  'DU.NO_RECIPIENTS': 'invalid',
  'DU.PAID_REGION_REMOVED': 'conflict',
} as const satisfies Record<string, ErrorKind>;
