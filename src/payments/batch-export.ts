/**
 * Exports of an approved batch: the SEPA credit transfer file (pain.001.001.09 or .03) and
 * a CSV for finance's own checks. Both stream: the totals come from one aggregate query,
 * the transactions from keyset pages of the frozen batch, so a batch of a million
 * instructions is written without holding the document in memory. The message id and
 * creation time were stored at approval, so the same batch always gives the same bytes.
 */
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import { DOCUMENT_END, documentStart, GROUP_END, groupIdOf, groupStart, transaction, type PainVersion } from './domain/pain001';
import { loadBatch, type BatchRow } from './payment-batches';

const PAGE = 2500;

interface ExportRow {
  execution_on: string;
  end_to_end_id: string;
  amount_cents: string;
  holder_name: string;
  iban: string;
  bic: string | null;
  remittance: string;
  /** CSV only. */
  scheme_code?: string;
  item_status?: string;
  instruction_id?: string;
}

const XML_COLUMNS = `to_char(b.execution_on, 'YYYY-MM-DD') AS execution_on, b.end_to_end_id, b.amount_cents::text, b.creditor_name AS holder_name, b.creditor_iban AS iban,
  b.creditor_bic AS bic, b.remittance`;
const CSV_COLUMNS = `${XML_COLUMNS}, b.scheme_code, b.status AS item_status, b.instruction_id`;

/** The batch's transactions in file order (execution date, end-to-end id), page by page. */
async function* pages(em: EntityManager, batchId: string, columns = XML_COLUMNS): AsyncGenerator<ExportRow[]> {
  let after: [string, string] | null = null;
  for (;;) {
    const rows: ExportRow[] = await em.query(
      `SELECT ${columns}
         FROM payment_batch_items b
        WHERE b.batch_id = $1 AND b.status <> 'released' ${after ? `AND (b.execution_on, b.end_to_end_id) > ($3::date, $4)` : ''}
        ORDER BY b.execution_on, b.end_to_end_id
        LIMIT $2`,
      after ? [batchId, PAGE, after[0], after[1]] : [batchId, PAGE],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    after = [last.execution_on, last.end_to_end_id];
  }
}

function assertExportable(batch: BatchRow): void {
  if (!['approved', 'sent', 'booked'].includes(batch.status)) {
    throw conflict('PAYMENT.BATCH_NOT_EXPORTABLE', `The batch is ${batch.status}: only approved batches are exported.`, { currentStatus: batch.status });
  }
}

@Injectable()
export class ExportBatch {
  constructor(private readonly db: Database) {}

  /** The pain.001 document as a stream of UTF-8 text, checked before the first byte is sent. */
  async sepa(id: string, version: PainVersion): Promise<{ batch: BatchRow; stream: Readable }> {
    const em = this.db.manager;
    const batch = await loadBatch(em, id);
    assertExportable(batch);
    const groups: { execution_on: string; n: number; total: string }[] = await em.query(
      `SELECT to_char(execution_on, 'YYYY-MM-DD') AS execution_on, count(*)::int AS n, sum(amount_cents)::text AS total
         FROM payment_batch_items WHERE batch_id = $1 AND status <> 'released' GROUP BY execution_on ORDER BY execution_on`,
      [id],
    );
    const count = groups.reduce((s, g) => s + g.n, 0);
    const total = groups.reduce((s, g) => s + BigInt(g.total), 0n);
    if (count !== batch.instruction_count || total !== BigInt(batch.total_cents)) throw new Error(`Batch ${id} does not add up to its stored totals.`);
    async function* document(): AsyncGenerator<string> {
      yield documentStart(version, { messageId: batch.message_id!, createdAt: new Date(batch.message_created_at!), count, totalCents: total, initiatingPartyName: batch.debtor_name });
      let group: string | null = null;
      let buffer = '';
      for await (const rows of pages(em, id)) {
        for (const r of rows) {
          if (r.execution_on !== group) {
            if (group !== null) buffer += GROUP_END;
            group = r.execution_on;
            const g = groups.find((x) => x.execution_on === group)!;
            buffer += groupStart(version, {
              id: groupIdOf(batch.message_id!, group),
              executionOn: group,
              count: g.n,
              totalCents: BigInt(g.total),
              debtorName: batch.debtor_name,
              debtorIban: batch.debtor_iban,
              debtorBic: batch.debtor_bic,
            });
          }
          buffer += transaction(version, { endToEndId: r.end_to_end_id, amountCents: BigInt(r.amount_cents), creditorName: r.holder_name, creditorIban: r.iban, creditorBic: r.bic, remittance: r.remittance });
        }
        yield buffer;
        buffer = '';
      }
      yield (group !== null ? GROUP_END : '') + DOCUMENT_END;
    }
    return { batch, stream: Readable.from(document(), { objectMode: false }) };
  }

  /** The same transactions as CSV (RFC 4180, comma, CRLF), with the batch's own status per line. */
  async csv(id: string): Promise<{ batch: BatchRow; stream: Readable }> {
    const em = this.db.manager;
    const batch = await loadBatch(em, id);
    assertExportable(batch);
    const cell = (v: string | null) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    async function* lines(): AsyncGenerator<string> {
      yield 'endToEndId,executionOn,amount,creditorName,iban,bic,remittance,schemeCode,status,instructionId\r\n';
      for await (const rows of pages(em, id, CSV_COLUMNS)) {
        yield rows
          .map((r) =>
            [r.end_to_end_id, r.execution_on, formatAmount(BigInt(r.amount_cents)), r.holder_name, r.iban, r.bic, r.remittance, r.scheme_code!, r.item_status!, r.instruction_id!].map(cell).join(',') + '\r\n',
          )
          .join('');
      }
    }
    return { batch, stream: Readable.from(lines(), { objectMode: false }) };
  }
}
