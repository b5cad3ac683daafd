import type { EntityManager } from 'typeorm';
import { updateReturning } from './returning';

export interface StatementRow {
  id: string;
  kind: string;
  version: string;
  message_id: string;
  statement_id: string;
  account_iban: string | null;
  sha256: string;
  entry_count: number;
  imported_at: string;
}

export interface EntryRow {
  id: string;
  number: string;
  statement_id: string;
  seq: number;
  direction: 'debit' | 'credit';
  amount_cents: string;
  entry_status: string;
  booking_date: string | null;
  bank_reference: string | null;
  details: Record<string, unknown>;
  match_status: 'matched' | 'unmatched' | 'manual' | 'not_booked';
  match_kind: string | null;
  batch_id: string | null;
  instruction_ids: string[];
  claim_id: string | null;
  note: string | null;
  matched_by: string | null;
}

export interface EntryInsert {
  seq: number;
  direction: 'debit' | 'credit';
  amountCents: bigint;
  entryStatus: string;
  bookingDate: string | null;
  bankReference: string | null;
  details: Record<string, unknown>;
  matchStatus: EntryRow['match_status'];
  matchKind: string | null;
  batchId: string | null;
  instructionIds: string[];
  claimId: string | null;
  note: string | null;
}

export interface EntryMatch {
  kind: string;
  batchId: string | null;
  instructionIds: string[];
  claimId: string | null;
  note: string;
  by: string;
}

const STATEMENT_COLUMNS = `id, kind, version, message_id, statement_id, account_iban, sha256, entry_count, imported_at`;
const ENTRY_COLUMNS = `id, number::text, statement_id, seq, direction, amount_cents::text, entry_status, to_char(booking_date, 'YYYY-MM-DD') AS booking_date, bank_reference, details,
  match_status, match_kind, batch_id, instruction_ids::text[] AS instruction_ids, claim_id, note, matched_by`;

/** The SQL of `bank_statements` and their `bank_statement_entries` (migrations/1764840000001-BankStatements.ts). */
export class BankStatementRepository {
  constructor(private readonly tx: EntityManager) {}

  async byMessageId(messageId: string): Promise<StatementRow | null> {
    const [row] = await this.tx.query(`SELECT ${STATEMENT_COLUMNS} FROM bank_statements WHERE message_id = $1`, [messageId]);
    return row ?? null;
  }

  async insert(s: { kind: string; version: string; messageId: string; statementId: string; iban: string | null; sha256: string; entryCount: number; importedBy: string }): Promise<StatementRow> {
    const [row] = await this.tx.query(
      `INSERT INTO bank_statements (kind, version, message_id, statement_id, account_iban, sha256, entry_count, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${STATEMENT_COLUMNS}`,
      [s.kind, s.version, s.messageId, s.statementId, s.iban, s.sha256, s.entryCount, s.importedBy],
    );
    return row;
  }

  async insertEntries(statementId: string, by: string, entries: readonly EntryInsert[]): Promise<void> {
    for (const e of entries) {
      await this.tx.query(
        `INSERT INTO bank_statement_entries (statement_id, seq, direction, amount_cents, entry_status, booking_date, bank_reference, details, match_status, match_kind, batch_id, instruction_ids, claim_id, note, matched_by, matched_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::uuid[], $13, $14, CASE WHEN $10::text IS NULL THEN NULL ELSE $15 END, CASE WHEN $10::text IS NULL THEN NULL ELSE clock_timestamp() END)`,
        [statementId, e.seq, e.direction, e.amountCents.toString(), e.entryStatus, e.bookingDate, e.bankReference, JSON.stringify(e.details), e.matchStatus, e.matchKind, e.batchId, e.instructionIds, e.claimId, e.note, by],
      );
    }
  }

  entriesOf(statementId: string): Promise<EntryRow[]> {
    return this.tx.query(`SELECT ${ENTRY_COLUMNS} FROM bank_statement_entries WHERE statement_id = $1 ORDER BY seq`, [statementId]);
  }

  async entry(id: string, forUpdate = false): Promise<EntryRow | null> {
    const [row] = await this.tx.query(`SELECT ${ENTRY_COLUMNS} FROM bank_statement_entries WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /** Entries by number (keyset: `after` the last number of the previous page), optionally of one match status; `limit + 1` rows to tell whether there is more. */
  list(filter: { matchStatus?: string; after?: string; limit: number }): Promise<EntryRow[]> {
    const params: unknown[] = [filter.limit + 1];
    const where: string[] = [];
    if (filter.matchStatus) {
      params.push(filter.matchStatus);
      where.push(`match_status = $${params.length}`);
    }
    if (filter.after) {
      params.push(filter.after);
      where.push(`number > $${params.length}::bigint`);
    }
    return this.tx.query(`SELECT ${ENTRY_COLUMNS} FROM bank_statement_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number LIMIT $1`, params);
  }

  async match(id: string, m: EntryMatch): Promise<EntryRow> {
    const [row] = await updateReturning<EntryRow>(
      this.tx,
      `UPDATE bank_statement_entries SET match_status = 'manual', match_kind = $2, batch_id = $3, instruction_ids = $4::uuid[], claim_id = $5, note = $6, matched_by = $7, matched_at = clock_timestamp(), version = version + 1
        WHERE id = $1 RETURNING ${ENTRY_COLUMNS}`,
      [id, m.kind, m.batchId, m.instructionIds, m.claimId, m.note, m.by],
    );
    return row;
  }
}
