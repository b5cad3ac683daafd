// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['organisations', 'schools', 'bank_accounts'] as const;
