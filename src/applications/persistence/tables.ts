// The tables this feature owns: only its own code names them in SQL (tools/walls/check-walls.js).
export const TABLES = ['applications', 'application_co_applicants', 'application_documents', 'completion_requests', 'receipt_counters'] as const;
