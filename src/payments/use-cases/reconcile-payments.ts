import { Injectable } from '@nestjs/common';
import { invalid } from '../../common/errors/app-error';
import { formatAmount } from '../../common/money/money';
import { decodeCursor, toPage } from '../../common/pagination/cursor';
import { Database } from '../../database/database';
import { SchemeDirectory } from '../../schemes';
import { ReconciliationRepository } from '../persistence/reconciliation.repository';
import type { ReconciliationDto, ReconciliationLineDto, ReconciliationQueryDto } from '../payments.dto';

const sumKeys = ['decided', 'scheduled', 'paid', 'inBatch', 'failed', 'pending', 'recoveryClaimed', 'recoveryOpen', 'outstanding'] as const;
type Sums = Record<(typeof sumKeys)[number], bigint>;
const PAGE = 100;

/**
 * Reconciliation: per decision (commitment) and per scheme, what was decided, scheduled
 * (instructed), paid, is in a batch, failed, is still pending, and outstanding; every
 * figure from the same rows in one query, so they add up to the cent.
 */
@Injectable()
export class ReconcilePayments {
  constructor(
    private readonly db: Database,
    private readonly schemes: SchemeDirectory,
  ) {}

  /** The reconciliation with a page of `perDecision` (after `cursor`, at most `limit`); `perScheme` and `total` cover every decision. */
  async execute(query: ReconciliationQueryDto): Promise<ReconciliationDto> {
    const limit = query.limit ?? PAGE;
    const cursor = decodeCursor(query.cursor, (c) => c.v === null && c.id.length > 0 && c.id.length <= 200);
    const full = await this.report(query);
    let start = 0;
    if (cursor) {
      start = full.perDecision.findIndex((l) => l.commitmentKey === cursor.id) + 1;
      if (start === 0) throw invalid('REQUEST.INVALID_CURSOR', [{ name: 'cursor', reason: 'is not a cursor this API handed out' }]);
    }
    const self = new URLSearchParams();
    if (query.schemeId) self.set('schemeId', query.schemeId);
    if (query.cursor) self.set('cursor', query.cursor);
    self.set('limit', String(limit));
    const page = toPage(full.perDecision.slice(start, start + limit + 1), limit, `/api/v1/payment-reconciliation?${self}`, (l) => ({ v: null, id: l.commitmentKey }), (l) => l);
    return { perScheme: full.perScheme, total: full.total, perDecision: page.items, links: page.links };
  }

  /** The whole reconciliation: every decision's line, per scheme and the total. */
  async report(query: Pick<ReconciliationQueryDto, 'schemeId'>): Promise<Omit<ReconciliationDto, 'links'>> {
    const em = this.db.manager;
    const reconciliation = new ReconciliationRepository(em);
    const schemes = await this.schemes.findMany(em, await reconciliation.schemeIds(query.schemeId));
    const rows = await reconciliation.lines(new Map(schemes.map((s) => [s.id, s.code])), query.schemeId);
    const lines: ReconciliationLineDto[] = [];
    const perScheme = new Map<string, { schemeId: string; schemeCode: string; sums: Sums }>();
    const zero = () => Object.fromEntries(sumKeys.map((k) => [k, 0n])) as Sums;
    for (const r of rows) {
      const v: Sums = {
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
    const fmt = (sums: Sums) => Object.fromEntries(sumKeys.map((k) => [k, formatAmount(sums[k])])) as Record<(typeof sumKeys)[number], string>;
    const total = zero();
    for (const s of perScheme.values()) for (const k of sumKeys) total[k] += s.sums[k];
    return {
      perScheme: [...perScheme.values()].map((s) => ({ schemeId: s.schemeId, schemeCode: s.schemeCode, ...fmt(s.sums) })),
      total: fmt(total),
      perDecision: lines,
    };
  }
}
