/**
 * SQL selecting the ids (as text) of the received applications (those with a receipt
 * number) of the schemes `schemeIdsSql` selects: what an officer of those schemes may see
 * of the audit trail (drafts stay the applicant's own).
 */
export const receivedApplicationIdsSql = (schemeIdsSql: string): string =>
  `SELECT a.id::text FROM applications a WHERE a.receipt_number IS NOT NULL AND a.scheme_id IN (${schemeIdsSql})`;
