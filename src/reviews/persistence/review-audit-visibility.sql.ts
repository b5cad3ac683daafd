/** SQL selecting the ids of the committees of the schemes `schemeIdsSql` selects. */
const committeeIdsSql = (schemeIdsSql: string): string => `SELECT c.id FROM committees c WHERE c.scheme_id IN (${schemeIdsSql})`;

/**
 * SQL selecting the ids (as text) of the committees, assignments and score sheets of the
 * schemes `schemeIdsSql` selects: what an officer of those schemes may see of the audit trail.
 */
export const reviewAuditIdsSql = (schemeIdsSql: string) => ({
  committee: `SELECT c.id::text FROM committees c WHERE c.scheme_id IN (${schemeIdsSql})`,
  assignment: `SELECT x.id::text FROM review_assignments x WHERE x.committee_id IN (${committeeIdsSql(schemeIdsSql)})`,
  scoreSheet: `SELECT s.id::text FROM score_sheets s JOIN review_assignments x ON x.id = s.assignment_id WHERE x.committee_id IN (${committeeIdsSql(schemeIdsSql)})`,
});
