// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['decision_runs', 'decisions', 'payment_lines', 'objections'] as const;
