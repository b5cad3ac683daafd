import { BudgetLedger, SchemeDirectory } from '../../schemes';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { allocateFormula } from '../../awards/domain/allocation';
import { duPaymentLines } from '../domain/du-payment-lines';
import type { CreateDuAllocationDto, DuAllocationDto } from '../du.dto';
import { DuAllocationRepository } from '../persistence/du-allocation.repository';
import { yearOf, duAllocationDto, lineNotFound, keyOf, checkRecipients } from '../du-allocations';

// ---------------------------------------------------------------- use cases

@Injectable()
export class AllocateDu {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
    private readonly schemes: SchemeDirectory,
  ) {}

  /**
   * Publishes a circular's allocation of a budget line (one year): version 1, or the next
   * version that amends the current one. The shares, payment lines, the previous
   * version's status, the line's allocated total and the audit event are written in
   * one transaction, with the budget line locked so two circulars cannot race.
   */
  async execute(ctx: RequestContext, schemeId: string, budgetLineId: string, input: CreateDuAllocationDto): Promise<DuAllocationDto> {
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await this.schemes.lock(tx, schemeId);
        await this.schemes.assertOfficer(tx, ctx.actor, schemeId);
        const line = await this.schemes.lockBudgetLine(tx, schemeId, budgetLineId);
        if (!line) throw lineNotFound(schemeId, budgetLineId);
        if (scheme.allocationMethod !== 'formula') {
          throw conflict('SCHEME.NOT_FORMULA', `Scheme ${scheme.code} allocates by ${scheme.allocationMethod}, not by formula: it takes applications and decisions, not circulars.`);
        }
        const year = yearOf(line);
        if (line.periodEnd.slice(0, 4) !== line.periodStart.slice(0, 4)) {
          throw conflict('DU.BUDGET_LINE_NOT_ONE_YEAR', `Budget line ${line.code} runs from ${line.periodStart} to ${line.periodEnd}: a DU is allocated per calendar year.`);
        }
        checkRecipients(scheme.regions);
        const key = keyOf(scheme.regions, input.weights);

        const allocations = new DuAllocationRepository(tx);
        const previous = await allocations.current(budgetLineId);
        if (previous && input.publishedOn < previous.publishedOn) {
          throw conflict('DU.CIRCULAR_OUT_OF_ORDER', `Version ${previous.version} was published on ${previous.publishedOn}: an amending circular cannot be published before it.`, {
            currentVersion: previous.version,
            currentPublishedOn: previous.publishedOn,
          });
        }
        const before = previous ? await allocations.parts([previous.id]) : null;
        const previousLines = previous ? before!.lines.get(previous.id)! : null;
        const regionCodes = new Set(scheme.regions.map((r) => r.code));
        const orphaned = (previousLines ?? []).filter((l) => !regionCodes.has(l.region) && l.dueOn < input.publishedOn);
        if (orphaned.length > 0) {
          throw conflict('DU.PAID_REGION_REMOVED', `Region ${orphaned[0].region} was paid under version ${previous!.version} but is no longer one of the scheme’s regions.`);
        }

        // The key is per region (its code is the stable, unique id; two regions may share a
        // lead municipality); equal remainders go to the lower region code.
        const recipientOf = new Map(scheme.regions.map((r) => [r.code, r.leadOrganisationId!]));
        const shares = allocateFormula({ totalCents: line.ceilingCents, recipients: scheme.regions.map((r) => ({ id: r.code, weight: key.get(r.code)! })) });
        const lines = duPaymentLines({
          year,
          publishedOn: input.publishedOn,
          shares: shares.map((s) => ({ region: s.recipientId, recipientId: recipientOf.get(s.recipientId)!, amountCents: s.amountCents })),
          previous: previousLines,
        });

        if (previous) await allocations.supersede(previous.id);
        const saved = await allocations.create({
          schemeId,
          budgetLineId,
          version: (previous?.version ?? 0) + 1,
          circular: input.circular.trim(),
          publishedOn: input.publishedOn,
          totalCents: line.ceilingCents,
          createdBy: ctx.actor.id,
        });
        const shareRows = await allocations.insertShares(
          saved.id,
          shares.map((s) => ({ region: s.recipientId, recipientId: recipientOf.get(s.recipientId)!, weight: key.get(s.recipientId)!, amountCents: s.amountCents })),
        );
        await allocations.insertLines(saved.id, lines);
        // The line's money is allocated: the scheme view shows it, and its ceiling cannot be lowered below it.
        await this.ledger.adjust(tx, budgetLineId, saved.totalCents - (previous?.totalCents ?? 0n));

        const stored = await allocations.get(saved.id);
        const after = duAllocationDto(stored, year, shareRows, await allocations.linesOf(saved.id));
        await this.audit.record(tx, ctx, {
          action: previous ? 'du_allocation.amended' : 'du_allocation.published',
          entityType: 'du_allocation',
          entityId: saved.id,
          before: previous ? duAllocationDto({ ...previous, status: 'superseded' }, year, before!.shares.get(previous.id)!, previousLines!) : null,
          after,
        });
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'du_allocations_current_key') || isUniqueViolation(err, 'du_allocations_budget_line_id_version_key')) {
        throw conflict('DU.CONCURRENT_CIRCULAR', 'Another circular for this budget line was published at the same moment; read the allocations and try again.');
      }
      throw err;
    }
  }
}
