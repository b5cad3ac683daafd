import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { assertExportable, loadBatch } from '../batch-lookup';
import { DOCUMENT_END, documentStart, GROUP_END, groupIdOf, groupStart, transaction, type PainVersion } from '../domain/pain001';
import { BatchItemRepository } from '../persistence/batch-item.repository';
import type { BatchRow } from '../persistence/batch.repository';

/**
 * The SEPA credit transfer file (pain.001.001.09 or .03) of an approved batch, streamed:
 * the totals come from one aggregate query, the transactions from keyset pages of the
 * frozen batch, so a batch of a million instructions is written without holding the
 * document in memory. The message id and creation time were stored at approval, so the
 * same batch always gives the same bytes.
 */
@Injectable()
export class ExportSepaFile {
  constructor(private readonly db: Database) {}

  /** The pain.001 document as a stream of UTF-8 text, checked before the first byte is sent. */
  async execute(id: string, version: PainVersion): Promise<{ batch: BatchRow; stream: Readable }> {
    const em = this.db.manager;
    const batch = await loadBatch(em, id);
    assertExportable(batch);
    const items = new BatchItemRepository(em);
    const groups = await items.perExecutionDay(id);
    const count = groups.reduce((s, g) => s + g.n, 0);
    const total = groups.reduce((s, g) => s + BigInt(g.total), 0n);
    if (count !== batch.instruction_count || total !== BigInt(batch.total_cents)) throw new Error(`Batch ${id} does not add up to its stored totals.`);
    async function* document(): AsyncGenerator<string> {
      yield documentStart(version, { messageId: batch.message_id!, createdAt: new Date(batch.message_created_at!), count, totalCents: total, initiatingPartyName: batch.debtor_name });
      let group: string | null = null;
      let buffer = '';
      for await (const rows of items.pages(id)) {
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
}
