import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AwardPayables } from '../../awards';
import { Transactions } from '../../database/transactions';
import { DuPayables } from '../../decentralisation';
import { SchemeDirectory } from '../../schemes';
import { DebtorAccounts } from '../debtor-accounts';
import { overDecided } from '../over-decided';
import { PaymentLedger, type NewInstruction } from '../payment-ledger';
import { DeterminationRepository } from '../persistence/determination.repository';
import { InstructionRepository } from '../persistence/instruction.repository';
import type { GenerateInstructionsDto, GenerationResultDto } from '../payments.dto';

/**
 * Payment instructions are generated (idempotently, by a stable source key) from the
 * advance schedules of current award decisions and from the current DU allocations'
 * payment lines; settlements come from final determinations.
 */
@Injectable()
export class GenerateInstructions {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
    private readonly awards: AwardPayables,
    private readonly du: DuPayables,
    private readonly schemes: SchemeDirectory,
    private readonly debtors: DebtorAccounts,
  ) {}

  /**
   * Brings the instructions up to date with the schedules: commitments for current awards
   * and DU shares, one instruction per scheduled payment due up to `dueUntil`, never twice
   * (source keys are unique) and never above the decided amount (checked here, and by the
   * database). Held instructions whose organisation now has a verified account are released.
   */
  async execute(ctx: RequestContext, input: GenerateInstructionsDto): Promise<GenerationResultDto> {
    try {
      return await this.tx.run(async (tx) => {
        // Serialise generations: two at once would compute the same new instructions.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('payment_instructions.generate'))`);
        const dueUntil = input.dueUntil ?? '9999-12-31';
        await this.commit(tx);
        const candidates = [...(await this.advances(tx, dueUntil)), ...(await this.duLines(tx, dueUntil))];

        // The domain check before the database's: skip what would exceed a commitment's decided amount.
        const room = await this.ledger.room(tx, [...new Set(candidates.map((c) => c.commitmentKey))]);
        const accepted: NewInstruction[] = [];
        const skipped: string[] = [];
        for (const c of candidates) {
          const left = room.get(c.commitmentKey) ?? 0n;
          if (c.amountCents > left) {
            skipped.push(c.sourceKey);
            continue;
          }
          room.set(c.commitmentKey, left - c.amountCents);
          accepted.push(c);
        }
        const debtors = await this.debtors.ofSchemes(tx, accepted.map((a) => a.schemeId));
        const created = await this.ledger.instruct(tx, debtors, accepted);
        const released = await this.ledger.releaseHeld(tx);
        const counts = await new InstructionRepository(tx).countByStatus();
        const result: GenerationResultDto = {
          created,
          released,
          skippedAboveDecided: skipped.length,
          byStatus: Object.fromEntries(counts.map((c) => [c.status, c.n])),
        };
        await this.audit.record(tx, ctx, { action: 'payment_instructions.generated', entityType: 'payment_instructions', entityId: dueUntil, before: null, after: { ...result, skipped } });
        return result;
      });
    } catch (err) {
      overDecided(err);
    }
  }

  /** Commitments: current awarded decisions (not yet finally determined) and current DU shares. */
  private async commit(tx: EntityManager): Promise<void> {
    const awards = await this.awards.currentAwards(tx);
    const shares = await this.du.currentShares(tx);
    const codes = await this.schemeCodes(tx, [...awards.map((a) => a.schemeId), ...shares.map((s) => s.schemeId)]);
    await this.ledger.commitAwards(
      tx,
      awards.map((a) => ({
        key: `award:${a.applicationId}`,
        schemeId: a.schemeId,
        organisationId: a.organisationId,
        applicationId: a.applicationId,
        decisionId: a.decisionId,
        label: `${codes.get(a.schemeId)} aanvraag ${a.receiptNumber} beschikking v${a.decisionVersion}`,
        decidedCents: a.amountCents,
      })),
    );
    const lineCodes = await this.budgetLineCodes(tx, shares.map((s) => s.budgetLineId));
    await this.ledger.commitDuShares(
      tx,
      shares.map((s) => ({
        key: `du:${s.budgetLineId}:${s.region}`,
        schemeId: s.schemeId,
        organisationId: s.recipientId,
        budgetLineId: s.budgetLineId,
        region: s.region,
        label: `${codes.get(s.schemeId)} ${lineCodes.get(s.budgetLineId)} ${s.region}`,
        decidedCents: s.amountCents,
      })),
    );
  }

  /** Advances due of awards not finally determined, not instructed yet; by due date, receipt number, sequence. */
  private async advances(tx: EntityManager, dueUntil: string): Promise<NewInstruction[]> {
    const lines = await this.awards.advancesDue(tx, dueUntil);
    const determined = await new DeterminationRepository(tx).determinedAmong([...new Set(lines.map((l) => l.applicationId))]);
    const open = lines.filter((l) => !determined.has(l.applicationId));
    const instructed = await new InstructionRepository(tx).existingSourceKeys(open.map((l) => `award:${l.applicationId}:advance:${l.sequence}`));
    const codes = await this.schemeCodes(tx, open.map((l) => l.schemeId));
    return open
      .filter((l) => !instructed.has(`award:${l.applicationId}:advance:${l.sequence}`))
      .map((l) => {
        const code = codes.get(l.schemeId)!;
        return {
          source: 'advance',
          sourceKey: `award:${l.applicationId}:advance:${l.sequence}`,
          commitmentKey: `award:${l.applicationId}`,
          schemeId: l.schemeId,
          schemeCode: code,
          organisationId: l.organisationId,
          amountCents: l.amountCents,
          dueOn: l.dueOn,
          remittance: `${code} beschikking ${l.receiptNumber}-v${l.decisionVersion} voorschot ${l.sequence}/${l.advanceCount}`,
        };
      });
  }

  /** DU payment lines due, not instructed yet; by due date and region. */
  private async duLines(tx: EntityManager, dueUntil: string): Promise<NewInstruction[]> {
    const lines = await this.du.linesDue(tx, dueUntil);
    const key = (l: { budgetLineId: string; region: string; dueOn: string }) => `du:${l.budgetLineId}:${l.region}:${l.dueOn}`;
    const instructed = await new InstructionRepository(tx).existingSourceKeys(lines.map(key));
    const open = lines.filter((l) => !instructed.has(key(l)));
    const codes = await this.schemeCodes(tx, open.map((l) => l.schemeId));
    const lineCodes = await this.budgetLineCodes(tx, open.map((l) => l.budgetLineId));
    return open.map((l) => {
      const code = codes.get(l.schemeId)!;
      return {
        source: 'du',
        sourceKey: key(l),
        commitmentKey: `du:${l.budgetLineId}:${l.region}`,
        schemeId: l.schemeId,
        schemeCode: code,
        organisationId: l.recipientId,
        amountCents: l.amountCents,
        dueOn: l.dueOn,
        remittance: `${code} ${lineCodes.get(l.budgetLineId)} ${l.region} uitkering ${l.dueOn}`,
      };
    });
  }

  private async schemeCodes(tx: EntityManager, ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.schemes.findMany(tx, [...new Set(ids)])).map((s) => [s.id, s.code]));
  }

  private async budgetLineCodes(tx: EntityManager, ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.schemes.findBudgetLines(tx, [...new Set(ids)])).map((l) => [l.id, l.code]));
  }
}
