// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['payment_commitments', 'payment_instructions', 'payment_batches', 'payment_batch_items', 'payment_status_reports', 'accounts_submissions', 'final_determinations', 'recovery_claims', 'recovery_offsets', 'bank_statements', 'bank_statement_entries'] as const;
