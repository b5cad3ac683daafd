/** SQL selecting the ids (as text) of the DU allocations of the schemes `schemeIdsSql` selects (the audit trail an officer of those schemes may see). */
export const duAllocationIdsSql = (schemeIdsSql: string): string => `SELECT d.id::text FROM du_allocations d WHERE d.scheme_id IN (${schemeIdsSql})`;
