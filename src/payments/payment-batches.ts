/**
 * Payment batches: built by one finance user from the due instructions of one debtor
 * account, approved by another (and by a third above the configured total), then frozen;
 * sent to the bank, answered by its status report, booked.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { AppError, conflict, notFound } from '../common/errors/app-error';
import { formatAmount } from '../common/money/money';
import { localDateOf } from '../common/time/amsterdam';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { databaseNow } from '../database/clock';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { approve, BATCH_TRANSITIONS, needsSecondApproval, type BatchStatus } from './domain/batch-rules';
import { messageIdOf } from './domain/pain001';
import type { BatchDto, BatchListDto, BatchQueryDto, BatchSummaryDto, BuildBatchDto } from './payments.dto';

export interface BatchRow {
  id: string;
  number: string;
  status: BatchStatus;
  debtor_iban: string;
  debtor_bic: string | null;
  debtor_name: string;
  due_until: string;
  built_on: string;
  instruction_count: number;
  total_cents: string;
  needs_second_approval: boolean;
  built_by: string;
  built_at: Date;
  first_approved_by: string | null;
  first_approved_at: Date | null;
  second_approved_by: string | null;
  second_approved_at: Date | null;
  message_id: string | null;
  message_created_at: Date | null;
  sent_at: Date | null;
  booked_at: Date | null;
  failure_code: string | null;
  failure_reason: string | null;
  version: number;
}

export const BATCH_COLUMNS = `id, number::text, status, debtor_iban, debtor_bic, debtor_name, to_char(due_until, 'YYYY-MM-DD') AS due_until, to_char(built_on, 'YYYY-MM-DD') AS built_on,
  instruction_count, total_cents::text, needs_second_approval, built_by, built_at, first_approved_by, first_approved_at, second_approved_by, second_approved_at,
  message_id, message_created_at, sent_at, booked_at, failure_code, failure_reason, version`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function batchDto(b: BatchRow): BatchDto {
  return {
    id: b.id,
    number: Number(b.number),
    status: b.status,
    debtorIban: b.debtor_iban,
    debtorBic: b.debtor_bic,
    debtorName: b.debtor_name,
    dueUntil: b.due_until,
    builtOn: b.built_on,
    count: b.instruction_count,
    total: formatAmount(BigInt(b.total_cents)),
    needsSecondApproval: b.needs_second_approval,
    builtBy: b.built_by,
    builtAt: iso(b.built_at)!,
    approvals: [
      ...(b.first_approved_by ? [{ approvedBy: b.first_approved_by, approvedAt: iso(b.first_approved_at)! }] : []),
      ...(b.second_approved_by ? [{ approvedBy: b.second_approved_by, approvedAt: iso(b.second_approved_at)! }] : []),
    ],
    messageId: b.message_id,
    messageCreatedAt: iso(b.message_created_at),
    sentAt: iso(b.sent_at),
    bookedAt: iso(b.booked_at),
    failureCode: b.failure_code,
    failureReason: b.failure_reason,
    links: {
      self: { href: `/api/v1/payment-batches/${b.id}` },
      sepaFile: { href: `/api/v1/payment-batches/${b.id}/sepa-file` },
      csvFile: { href: `/api/v1/payment-batches/${b.id}/csv-file` },
      summary: { href: `/api/v1/payment-batches/${b.id}/summary` },
    },
  };
}

export async function loadBatch(em: EntityManager, id: string, forUpdate = false): Promise<BatchRow> {
  const [row]: BatchRow[] = await em.query(`SELECT ${BATCH_COLUMNS} FROM payment_batches WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  if (!row) throw notFound('PAYMENT.BATCH_NOT_FOUND', `No payment batch ${id}.`);
  return row;
}

function assertTransition(batch: BatchRow, action: keyof typeof BATCH_TRANSITIONS): void {
  if (!BATCH_TRANSITIONS[action].includes(batch.status)) {
    throw conflict(batch.status === 'built' ? 'PAYMENT.BATCH_NOT_APPROVED' : 'PAYMENT.BATCH_FROZEN', `The batch is ${batch.status}: it cannot be ${action === 'report' ? 'reported on' : `${action === 'send' ? 'sent' : action === 'book' ? 'booked' : 'cancelled'}`} now.`, {
      currentStatus: batch.status,
    });
  }
}

/** Above this many items a build refreshes the table's statistics (see BuildBatch). */
const ANALYZE_ABOVE = 10_000;

@Injectable()
export class BuildBatch {
  constructor(
    private readonly tx: Transactions,
    private readonly db: Database,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Takes every ready instruction of the funder's debtor account due up to `dueUntil` that
   * no other live batch holds. Concurrent builds lock what they take and skip what another
   * holds (FOR UPDATE SKIP LOCKED); the partial unique index on live batch items is the
   * database's guarantee that no instruction lands in two batches.
   */
  async execute(ctx: RequestContext, input: BuildBatchDto): Promise<BatchDto> {
    const { funderIban, funderBic, funderName, secondApprovalAboveCents } = this.config.payments;
    if (input.debtorIban !== undefined && input.debtorIban !== funderIban) {
      throw new AppError('invalid', 'PAYMENT.UNKNOWN_DEBTOR_ACCOUNT', 'The request has invalid fields.', [{ name: 'debtorIban', reason: 'is not one of the funder’s debtor accounts' }]);
    }
    let built: BatchDto;
    try {
      built = await this.tx.run(async (tx) => {
        const builtOn = localDateOf(await databaseNow(tx));
        const [batch]: { id: string }[] = await tx.query(
          `INSERT INTO payment_batches (status, debtor_iban, debtor_bic, debtor_name, due_until, built_on, instruction_count, total_cents, needs_second_approval, built_by)
           VALUES ('built', $1, $2, $3, $4, $5, 0, 0, false, $6) RETURNING id`,
          [funderIban, funderBic ?? null, funderName, input.dueUntil, builtOn, ctx.actor.id],
        );
        await tx.query(
          `INSERT INTO payment_batch_items (batch_id, instruction_id, execution_on, amount_cents, end_to_end_id, creditor_name, creditor_iban, creditor_bic, remittance, scheme_code, status)
           SELECT $1, i.id, GREATEST(i.due_on, $4::date), i.amount_cents - i.offset_cents, i.end_to_end_id, a.holder_name, a.iban, a.bic, i.remittance, s.code, 'live'
             FROM payment_instructions i
             JOIN bank_accounts a ON a.id = i.bank_account_id AND a.verified
             JOIN schemes s ON s.id = i.scheme_id
            WHERE i.status = 'ready' AND i.debtor_iban = $2 AND i.due_on <= $3 AND i.amount_cents > i.offset_cents
            ORDER BY i.due_on, i.number
              FOR UPDATE OF i SKIP LOCKED`,
          [batch.id, funderIban, input.dueUntil, builtOn],
        );
        await tx.query(
          `UPDATE payment_instructions i SET status = 'batched', version = i.version + 1 FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id`,
          [batch.id],
        );
        const [totals]: { n: number; total: string }[] = await tx.query(
          `SELECT count(*)::int AS n, COALESCE(sum(amount_cents), 0)::text AS total FROM payment_batch_items WHERE batch_id = $1`,
          [batch.id],
        );
        if (totals.n === 0) {
          throw conflict('PAYMENT.NOTHING_DUE', `No ready instruction of debtor account ${funderIban} is due up to ${input.dueUntil} outside another batch.`);
        }
        const total = BigInt(totals.total);
        await tx.query(`UPDATE payment_batches SET instruction_count = $2, total_cents = $3, needs_second_approval = $4 WHERE id = $1`, [
          batch.id,
          totals.n,
          total.toString(),
          needsSecondApproval(total, secondApprovalAboveCents),
        ]);
        const dto = batchDto(await loadBatch(tx, batch.id));
        await this.audit.record(tx, ctx, { action: 'payment_batch.built', entityType: 'payment_batch', entityId: batch.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'payment_batch_items_one_live')) {
        throw conflict('PAYMENT.CONCURRENT_BUILD', 'Another batch took some of these instructions at the same moment; build again.');
      }
      throw err;
    }
    // A big batch changes the items table more than autovacuum has seen yet: without fresh
    // statistics the export's keyset pages are planned as a bitmap scan plus a sort of
    // everything that is left (seconds per page) instead of an index range (milliseconds).
    // After the commit, so concurrent builds do not queue on ANALYZE's lock.
    if (built.count > ANALYZE_ABOVE) await this.db.manager.query(`ANALYZE payment_batch_items`);
    return built;
  }
}

@Injectable()
export class ApproveBatch {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** Four eyes: never the builder; above the threshold a second approver, neither builder nor first approver. The last approval freezes the batch. */
  async execute(ctx: RequestContext, id: string): Promise<BatchDto> {
    return this.tx.run(async (tx) => {
      const batch = await loadBatch(tx, id, true);
      const verdict = approve(
        { status: batch.status, builtBy: batch.built_by, firstApprovedBy: batch.first_approved_by, secondApprovedBy: batch.second_approved_by, needsSecondApproval: batch.needs_second_approval },
        ctx.actor.id,
      );
      if (!verdict.ok) {
        throw verdict.kind === 'forbidden' ? new AppError('forbidden', verdict.code, verdict.message) : conflict(verdict.code, verdict.message, { currentStatus: batch.status });
      }
      const now = `date_trunc('milliseconds', clock_timestamp())`;
      if (verdict.slot === 'first') await tx.query(`UPDATE payment_batches SET first_approved_by = $2, first_approved_at = ${now}, version = version + 1 WHERE id = $1`, [id, ctx.actor.id]);
      else await tx.query(`UPDATE payment_batches SET second_approved_by = $2, second_approved_at = ${now}, version = version + 1 WHERE id = $1`, [id, ctx.actor.id]);
      if (verdict.complete) {
        // The message id and creation time are fixed now, so every export gives the same bytes.
        await tx.query(`UPDATE payment_batches SET status = 'approved', message_id = $2, message_created_at = date_trunc('second', clock_timestamp()) WHERE id = $1`, [
          id,
          messageIdOf(BigInt(batch.number), batch.built_on),
        ]);
      }
      const after = batchDto(await loadBatch(tx, id));
      await this.audit.record(tx, ctx, { action: verdict.complete ? 'payment_batch.approved' : 'payment_batch.first_approval', entityType: 'payment_batch', entityId: id, before: batchDto(batch), after });
      return after;
    });
  }
}

@Injectable()
export class ChangeBatchStatus {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  /** cancel: a built batch gives its instructions back; send: recorded as handed to the bank; book: the bank booked it, its live instructions are paid. */
  async execute(ctx: RequestContext, id: string, action: 'cancel' | 'send' | 'book'): Promise<BatchDto> {
    return this.tx.run(async (tx) => {
      const batch = await loadBatch(tx, id, true);
      assertTransition(batch, action);
      if (action === 'cancel') {
        await tx.query(
          `UPDATE payment_instructions i SET status = 'ready', version = i.version + 1 FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id AND b.status = 'live'`,
          [id],
        );
        await tx.query(`UPDATE payment_batch_items SET status = 'released' WHERE batch_id = $1 AND status = 'live'`, [id]);
        await tx.query(`UPDATE payment_batches SET status = 'cancelled', version = version + 1 WHERE id = $1`, [id]);
      } else if (action === 'send') {
        await tx.query(`UPDATE payment_batches SET status = 'sent', sent_at = date_trunc('milliseconds', clock_timestamp()), version = version + 1 WHERE id = $1`, [id]);
      } else {
        await tx.query(
          `UPDATE payment_instructions i SET status = 'paid', version = i.version + 1 FROM payment_batch_items b WHERE b.batch_id = $1 AND b.instruction_id = i.id AND b.status = 'live'`,
          [id],
        );
        await tx.query(`UPDATE payment_batches SET status = 'booked', booked_at = date_trunc('milliseconds', clock_timestamp()), version = version + 1 WHERE id = $1`, [id]);
      }
      const after = batchDto(await loadBatch(tx, id));
      const verb = { cancel: 'cancelled', send: 'sent', book: 'booked' }[action];
      await this.audit.record(tx, ctx, { action: `payment_batch.${verb}`, entityType: 'payment_batch', entityId: id, before: batchDto(batch), after });
      return after;
    });
  }
}

@Injectable()
export class GetBatch {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<BatchDto> {
    return batchDto(await loadBatch(this.db.manager, id));
  }

  async list(query: BatchQueryDto): Promise<BatchListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    const rows: BatchRow[] = await this.db.manager.query(`SELECT ${BATCH_COLUMNS} FROM payment_batches ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number DESC LIMIT 100`, params);
    return { items: rows.map(batchDto) };
  }

  /** Count and total of the batch, per scheme and per execution date (what its file holds). */
  async summary(id: string): Promise<BatchSummaryDto> {
    const batch = await loadBatch(this.db.manager, id);
    const perScheme: { scheme_id: string; code: string; n: number; total: string }[] = await this.db.manager.query(
      `SELECT s.id AS scheme_id, s.code, count(*)::int AS n, sum(b.amount_cents)::text AS total
         FROM payment_batch_items b JOIN payment_instructions i ON i.id = b.instruction_id JOIN schemes s ON s.id = i.scheme_id
        WHERE b.batch_id = $1 AND b.status <> 'released' GROUP BY s.id, s.code ORDER BY s.code`,
      [id],
    );
    const perDate: { execution_on: string; n: number; total: string }[] = await this.db.manager.query(
      `SELECT to_char(execution_on, 'YYYY-MM-DD') AS execution_on, count(*)::int AS n, sum(amount_cents)::text AS total
         FROM payment_batch_items WHERE batch_id = $1 AND status <> 'released' GROUP BY execution_on ORDER BY execution_on`,
      [id],
    );
    const [rejected]: { n: number; total: string }[] = await this.db.manager.query(
      `SELECT count(*)::int AS n, COALESCE(sum(amount_cents), 0)::text AS total FROM payment_batch_items WHERE batch_id = $1 AND status = 'rejected'`,
      [id],
    );
    return {
      batchId: id,
      status: batch.status,
      count: batch.instruction_count,
      total: formatAmount(BigInt(batch.total_cents)),
      rejectedCount: rejected.n,
      rejectedTotal: formatAmount(BigInt(rejected.total)),
      perScheme: perScheme.map((s) => ({ schemeId: s.scheme_id, schemeCode: s.code, count: s.n, total: formatAmount(BigInt(s.total)) })),
      perExecutionDay: perDate.map((d) => ({ executionOn: d.execution_on, count: d.n, total: formatAmount(BigInt(d.total)) })),
    };
  }
}
