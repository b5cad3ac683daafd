import type { ErrorKind } from '../common/errors/app-error';

/**
 * The problem codes of the payments feature, each with its kind
 * (the one edge, `common/errors/problem.ts`, maps a kind to an HTTP status). Code that
 * throws a code no catalogue lists fails `src/common/errors/error-catalogue.spec.ts`.
 */
export const PAYMENTS_ERRORS = {
  'ACCOUNTS.INVALID': 'invalid',
  'BANK_STATEMENT.AMOUNT_MISMATCH': 'invalid',
  'BANK_STATEMENT.DUPLICATE_ID': 'conflict',
  'BANK_STATEMENT.ENTRY_MATCHED': 'conflict',
  'BANK_STATEMENT.ENTRY_NOT_FOUND': 'not_found',
  'BANK_STATEMENT.MALFORMED': 'invalid',
  'BANK_STATEMENT.MATCH_REFUSED': 'conflict',
  'BANK_STATEMENT.TYPE': 'unsupported_media_type',
  'BANK_STATEMENT.UNKNOWN_ACCOUNT': 'invalid',
  'DETERMINATION.ALREADY_DETERMINED': 'conflict',
  'DETERMINATION.DIRECT': 'conflict',
  'DETERMINATION.INVALID_AMOUNT': 'invalid',
  'DETERMINATION.NOT_AWARDED': 'conflict',
  'DETERMINATION.NOT_FOUND': 'not_found',
  'DETERMINATION.NO_ACCOUNTS': 'conflict',
  'PAYMENT.BATCH_FROZEN': 'conflict',
  'PAYMENT.BATCH_NOT_APPROVED': 'conflict',
  'PAYMENT.BATCH_NOT_EXPORTABLE': 'conflict',
  'PAYMENT.BATCH_NOT_FOUND': 'not_found',
  'PAYMENT.BATCH_NOT_SENT': 'conflict',
  'PAYMENT.CONCURRENT_BUILD': 'conflict',
  'PAYMENT.FOUR_EYES': 'forbidden',
  'PAYMENT.ILLEGAL_TRANSITION': 'conflict',
  'PAYMENT.INSTRUCTION_NOT_FOUND': 'not_found',
  'PAYMENT.MALFORMED_STATUS_REPORT': 'invalid',
  'PAYMENT.NOTHING_DUE': 'conflict',
  'PAYMENT.NO_VERIFIED_ACCOUNT': 'conflict',
  'PAYMENT.OVER_DECIDED': 'conflict',
  'PAYMENT.PAYEE_NAME_UNUSABLE': 'conflict',
  'PAYMENT.SECOND_APPROVER_DISTINCT': 'forbidden',
  'PAYMENT.STATUS_REPORT_DUPLICATE': 'conflict',
  'PAYMENT.STATUS_REPORT_MISMATCH': 'invalid',
  'PAYMENT.STATUS_REPORT_TYPE': 'unsupported_media_type',
  'PAYMENT.UNKNOWN_DEBTOR_ACCOUNT': 'invalid',
  'RECOVERY.INVALID_OFFSET': 'invalid',
  'RECOVERY.NOTHING_TO_OFFSET': 'conflict',
  'RECOVERY.NOT_FOUND': 'not_found',
  'RECOVERY.SETTLED': 'conflict',
  'RECOVERY.TIME_BARRED': 'conflict',
} as const satisfies Record<string, ErrorKind>;
