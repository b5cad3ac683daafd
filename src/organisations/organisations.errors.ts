import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the organisations feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const ORGANISATIONS_ERRORS = {
  'BANK_ACCOUNT.OWN_REGISTRATION': 'forbidden',
  'ORGANISATION.BANK_ACCOUNT_ALREADY_VERIFIED': 'conflict',
  'ORGANISATION.BANK_ACCOUNT_EXISTS': 'conflict',
  'ORGANISATION.BANK_ACCOUNT_NOT_FOUND': 'not_found',
  'ORGANISATION.BRIN_TAKEN': 'conflict',
  'ORGANISATION.IDENTIFIER_TAKEN': 'conflict',
  'ORGANISATION.INVALID_BIC': 'invalid',
  'ORGANISATION.INVALID_BRIN': 'invalid',
  'ORGANISATION.INVALID_IBAN': 'invalid',
  'ORGANISATION.INVALID_IDENTIFIER': 'invalid',
  'ORGANISATION.IBAN_NOT_SEPA': 'conflict',
  'ORGANISATION.NOT_A_SCHOOL_BOARD': 'conflict',
  'ORGANISATION.NOT_FOUND': 'not_found',
} as const satisfies Record<string, ErrorKind>;
