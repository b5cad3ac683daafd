// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['schemes', 'scheme_windows', 'budget_lines', 'scheme_officers'] as const;
