import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { writeCsv } from '../../common/csv/csv';
import { formatAmount } from '../../common/money/money';
import { Database } from '../../database/database';
import { assertExportable, loadBatch } from '../batch-lookup';
import { BatchItemRepository, CSV_COLUMNS } from '../persistence/batch-item.repository';
import type { BatchRow } from '../persistence/batch.repository';

/** An approved batch's transactions as CSV for finance's own checks, streamed page by page. */
@Injectable()
export class ExportCsvFile {
  constructor(private readonly db: Database) {}

  /** The same transactions as the SEPA file (RFC 4180, comma, CRLF, formulas escaped), with the batch's own status per line. */
  async execute(id: string): Promise<{ batch: BatchRow; stream: Readable }> {
    const em = this.db.manager;
    const batch = await loadBatch(em, id);
    assertExportable(batch);
    const items = new BatchItemRepository(em);
    async function* lines(): AsyncGenerator<string> {
      yield writeCsv([['endToEndId', 'executionOn', 'amount', 'creditorName', 'iban', 'bic', 'remittance', 'schemeCode', 'status', 'instructionId']]);
      for await (const rows of items.pages(id, CSV_COLUMNS)) {
        // Through the shared writer: a holder name or remittance typed as a formula stays text.
        yield writeCsv(rows.map((r) => [r.end_to_end_id, r.execution_on, formatAmount(BigInt(r.amount_cents)), r.holder_name, r.iban, r.bic, r.remittance, r.scheme_code!, r.item_status!, r.instruction_id!]));
      }
    }
    return { batch, stream: Readable.from(lines(), { objectMode: false }) };
  }
}
