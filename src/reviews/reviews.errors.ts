import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the reviews feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const REVIEWS_ERRORS = {
  'ASSIGNMENT.CONFLICT_OF_INTEREST': 'conflict',
  'ASSIGNMENT.EXISTS': 'conflict',
  'ASSIGNMENT.INVALID': 'invalid',
  'COMMITTEE.ALREADY_MEMBER': 'conflict',
  'COMMITTEE.CHAIR_ONLY': 'forbidden',
  'COMMITTEE.EXISTS': 'conflict',
  'COMMITTEE.INVALID': 'invalid',
  'COMMITTEE.NOT_A_MEMBER': 'not_found',
  'COMMITTEE.NOT_FOUND': 'not_found',
  'COMMITTEE.SCHEME_NOT_RANKED': 'conflict',
  'CONFLICT.ALREADY_DECLARED': 'conflict',
  'CONFLICT.INVALID': 'invalid',
  'CONFLICT.OWN_ONLY': 'forbidden',
  'CONFLICT.TOO_LATE': 'conflict',
  'RANKING.CONSENSUS_OUTSTANDING': 'conflict',
  'RANKING.ESTABLISHED': 'conflict',
  'RANKING.NOT_ESTABLISHED': 'not_found',
  'REVIEW.APPLICATION_NOT_FOUND': 'not_found',
  'REVIEW.CONFLICT_OF_INTEREST': 'forbidden',
  'REVIEW.CONSENSUS_INCOMPLETE': 'conflict',
  'REVIEW.INCOMPLETE_SHEET': 'invalid',
  'REVIEW.INVALID_CONSENSUS': 'invalid',
  'REVIEW.INVALID_SCORES': 'invalid',
  'REVIEW.NOT_FOUND': 'not_found',
  'REVIEW.OWN_SHEET_FIRST': 'forbidden',
  'REVIEW.SCORING_CLOSED': 'conflict',
  'REVIEW.SHEETS_OUTSTANDING': 'conflict',
  'REVIEW.SHEET_SUBMITTED': 'conflict',
  'SCORE_SHEET.NOT_FOUND': 'not_found',
  'SCORE_SHEET.NOT_SUBMITTED': 'conflict',
} as const satisfies Record<string, ErrorKind>;
