import type { EntityManager } from 'typeorm';
import type { Cents } from '../../common/money/money';

export interface AccountsRow {
  id: string;
  application_id: string;
  spent_cents: string;
  note: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  submitted_by: string;
  submitted_at: Date;
}

const COLUMNS = `id, application_id, spent_cents::text, note, file_name, content_type, size_bytes, sha256, submitted_by, submitted_at`;

/** The SQL of `accounts_submissions` (verantwoording): the amount spent and the report's bytes. */
export class AccountsRepository {
  constructor(private readonly tx: EntityManager) {}

  async insert(a: { applicationId: string; spentCents: Cents; note: string | null; fileName: string; contentType: string; sha256: string; content: Buffer; submittedBy: string }): Promise<AccountsRow> {
    const [row]: AccountsRow[] = await this.tx.query(
      `INSERT INTO accounts_submissions (application_id, spent_cents, note, file_name, content_type, size_bytes, sha256, content, submitted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [a.applicationId, a.spentCents.toString(), a.note, a.fileName, a.contentType, a.content.length, a.sha256, a.content, a.submittedBy],
    );
    return row;
  }

  /** The application's accounts, oldest first (without the documents' bytes). */
  list(applicationId: string): Promise<AccountsRow[]> {
    return this.tx.query(`SELECT ${COLUMNS} FROM accounts_submissions WHERE application_id = $1 ORDER BY submitted_at`, [applicationId]);
  }

  /** The amount spent according to the latest accounts, or null when none were submitted. */
  async latestSpent(applicationId: string): Promise<string | null> {
    const [accounts] = await this.tx.query(`SELECT spent_cents::text FROM accounts_submissions WHERE application_id = $1 ORDER BY submitted_at DESC LIMIT 1`, [applicationId]);
    return accounts ? accounts.spent_cents : null;
  }
}
