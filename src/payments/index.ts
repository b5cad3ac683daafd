// The payments feature's public surface: what other features may use.
export { PaymentsModule } from './payments.module';
export { PaymentLedger, type AwardCommitment, type DuCommitment, type NewInstruction, type PayeeVerdict } from './payment-ledger';
export { STATUS_REPORT_CONTENT_TYPES } from './status-report-document';
export { BANK_STATEMENT_CONTENT_TYPES } from './bank-statement-document';
