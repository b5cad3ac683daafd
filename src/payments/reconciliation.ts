/**
 * Reconciliation: per decision (commitment) and per scheme, what was decided, scheduled
 * (instructed), paid, is in a batch, failed, is still pending, and outstanding; every
 * figure from the same rows in one query, so they add up to the cent.
 */
import { Injectable } from '@nestjs/common';
import { formatAmount } from '../common/money/money';
import { Database } from '../database/database';
import type { ReconciliationDto, ReconciliationLineDto, ReconciliationQueryDto } from './payments.dto';

interface Row {
  key: string;
  kind: string;
  scheme_id: string;
  scheme_code: string;
  organisation_id: string;
  application_id: string | null;
  label: string;
  decided: string;
  scheduled: string;
  paid: string;
  in_batch: string;
  failed: string;
  pending: string;
  recovery: string;
  recovery_open: string;
}

const sumKeys = ['decided', 'scheduled', 'paid', 'inBatch', 'failed', 'pending', 'recoveryClaimed', 'recoveryOpen', 'outstanding'] as const;

@Injectable()
export class Reconcile {
  constructor(private readonly db: Database) {}

  async execute(query: ReconciliationQueryDto): Promise<ReconciliationDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.schemeId) {
      params.push(query.schemeId);
      where.push(`c.scheme_id = $${params.length}`);
    }
    const rows: Row[] = await this.db.manager.query(
      `SELECT c.key, c.kind, c.scheme_id, s.code AS scheme_code, c.organisation_id, c.application_id, c.label,
              COALESCE(f.final_cents, c.decided_cents)::text AS decided,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status <> 'cancelled'), 0)::text AS scheduled,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'paid'), 0)::text AS paid,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'batched'), 0)::text AS in_batch,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status = 'failed'), 0)::text AS failed,
              COALESCE(sum(i.amount_cents) FILTER (WHERE i.status IN ('ready', 'held')), 0)::text AS pending,
              COALESCE(max(r.amount_cents), 0)::text AS recovery,
              COALESCE(max(r.amount_cents - r.offset_cents - r.repaid_cents), 0)::text AS recovery_open
         FROM payment_commitments c
         JOIN schemes s ON s.id = c.scheme_id
         LEFT JOIN payment_instructions i ON i.commitment_key = c.key
         LEFT JOIN final_determinations f ON f.commitment_key = c.key
         LEFT JOIN recovery_claims r ON r.determination_id = f.id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        GROUP BY c.key, s.code, f.final_cents
        ORDER BY s.code, c.label`,
      params,
    );
    const lines: ReconciliationLineDto[] = [];
    const perScheme = new Map<string, { schemeId: string; schemeCode: string; sums: Record<(typeof sumKeys)[number], bigint> }>();
    const zero = () => Object.fromEntries(sumKeys.map((k) => [k, 0n])) as Record<(typeof sumKeys)[number], bigint>;
    for (const r of rows) {
      const v = {
        decided: BigInt(r.decided),
        scheduled: BigInt(r.scheduled),
        paid: BigInt(r.paid),
        inBatch: BigInt(r.in_batch),
        failed: BigInt(r.failed),
        pending: BigInt(r.pending),
        recoveryClaimed: BigInt(r.recovery),
        recoveryOpen: BigInt(r.recovery_open),
        outstanding: 0n,
      };
      // Still to pay: decided minus paid; a recovery claim covers what was paid too much.
      v.outstanding = v.decided - v.paid + v.recoveryClaimed;
      const scheme = perScheme.get(r.scheme_id) ?? { schemeId: r.scheme_id, schemeCode: r.scheme_code, sums: zero() };
      for (const k of sumKeys) scheme.sums[k] += v[k];
      perScheme.set(r.scheme_id, scheme);
      lines.push({
        commitmentKey: r.key,
        kind: r.kind as ReconciliationLineDto['kind'],
        schemeId: r.scheme_id,
        organisationId: r.organisation_id,
        applicationId: r.application_id,
        label: r.label,
        ...(Object.fromEntries(sumKeys.map((k) => [k, formatAmount(v[k])])) as Record<(typeof sumKeys)[number], string>),
      });
    }
    const fmt = (sums: Record<(typeof sumKeys)[number], bigint>) => Object.fromEntries(sumKeys.map((k) => [k, formatAmount(sums[k])])) as Record<(typeof sumKeys)[number], string>;
    const total = zero();
    for (const s of perScheme.values()) for (const k of sumKeys) total[k] += s.sums[k];
    return {
      perScheme: [...perScheme.values()].map((s) => ({ schemeId: s.schemeId, schemeCode: s.schemeCode, ...fmt(s.sums) })),
      total: fmt(total),
      perDecision: lines,
    };
  }
}
