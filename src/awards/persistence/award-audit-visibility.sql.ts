/** SQL selecting the ids (as text) of the decision runs of the schemes `schemeIdsSql` selects (the audit trail an officer of those schemes may see). */
export const decisionRunIdsSql = (schemeIdsSql: string): string => `SELECT r.id::text FROM decision_runs r WHERE r.scheme_id IN (${schemeIdsSql})`;
