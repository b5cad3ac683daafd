// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['committees', 'committee_members', 'review_conflicts', 'review_assignments', 'score_sheets', 'score_entries', 'consensus', 'consensus_scores', 'rankings', 'ranking_entries'] as const;
