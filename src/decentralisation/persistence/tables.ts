// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['du_allocations', 'du_shares', 'du_payment_lines'] as const;
