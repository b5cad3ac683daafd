import { Injectable } from '@nestjs/common';
import { assertOfficer, loadVisible } from '../../applications';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { formatAmount, parseAmount } from '../../common/money/money';
import { addDays, localDateOf } from '../../common/time/amsterdam';
import { databaseNow } from '../../database/clock';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { checkFinalAmount, mayCreateRecovery, RECOVERY_TERM_DAYS, settle } from '../domain/settlement';
import { claimDto, determinationDto } from '../determination-dtos';
import type { DetermineFinalDto, FinalDeterminationDto } from '../determination.dto';
import { overDecided } from '../over-decided';
import { DebtorAccounts } from '../debtor-accounts';
import { PaymentLedger } from '../payment-ledger';
import { AccountsRepository } from '../persistence/accounts.repository';
import { DeterminationRepository } from '../persistence/determination.repository';
import { InstructionRepository, type InstructionRow } from '../persistence/instruction.repository';
import { RecoveryClaimRepository, type ClaimRow } from '../persistence/recovery-claim.repository';
import { directConflict, SettleableAward } from '../settleable-award';

/**
 * After the accounts an officer sets the final amount (vaststelling, Awb 4:46), and the
 * settlement with what was paid follows: the rest is paid, or what was paid too much is
 * recovered (terugvordering, Awb 4:57) and may be set off against other amounts payable to
 * the organisation.
 */
@Injectable()
export class DetermineFinal {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
    private readonly awards: SettleableAward,
    private readonly debtors: DebtorAccounts,
  ) {}

  /**
   * Awb 4:46: the final amount is the awarded amount unless a listed ground applies (and
   * never more). Advance instructions not yet in a batch are cancelled; what was paid (or
   * is in a batch) is settled: a remainder becomes a settlement instruction, an overpayment
   * a recovery claim with a due date (Awb 4:57).
   */
  async execute(ctx: RequestContext, applicationId: string, input: DetermineFinalDto): Promise<FinalDeterminationDto> {
    const finalCents = parseAmount(input.finalAmount)!;
    try {
      return await this.tx.run(async (tx) => {
        const { app, relation } = await loadVisible(tx, ctx.actor, applicationId, true);
        assertOfficer(relation);
        const { decision, scheme, direct } = await this.awards.load(tx, app);
        if (direct) throw directConflict();
        const spent = await new AccountsRepository(tx).latestSpent(applicationId);
        if (spent === null) throw conflict('DETERMINATION.NO_ACCOUNTS', 'The applicant has not submitted its accounts yet.');
        const problem = checkFinalAmount(decision.amountCents, finalCents, input.ground ?? null);
        if (problem) throw invalid('DETERMINATION.INVALID_AMOUNT', [{ name: problem.field, reason: problem.reason }]);

        const key = `award:${applicationId}`;
        await this.ledger.lockAwardCommitment(tx, {
          key,
          schemeId: scheme.id,
          organisationId: app.organisationId,
          applicationId,
          decisionId: decision.id,
          label: `${scheme.code} aanvraag ${app.receiptNumber} beschikking v${decision.version}`,
          decidedCents: decision.amountCents,
        });
        await this.ledger.cancelOpen(tx, key);
        const instructions = new InstructionRepository(tx);
        const paid = await instructions.paidOrBatchedOf(key);
        const settlement = settle(finalCents, paid);
        const today = localDateOf(await databaseNow(tx));
        // From now the final amount is the most that may be instructed (or what was paid, when that is more: the claim recovers it).
        await this.ledger.determine(tx, key, finalCents, decision.id);
        const det = await new DeterminationRepository(tx).insert({
          applicationId,
          decisionId: decision.id,
          commitmentKey: key,
          awardedCents: decision.amountCents.toString(),
          spentCents: spent,
          finalCents: finalCents.toString(),
          ground: input.ground ?? null,
          motivation: input.motivation ?? null,
          paidCents: paid.toString(),
          settlementCents: (finalCents - paid).toString(),
          determinedOn: today,
          determinedBy: ctx.actor.id,
        });
        let claim: ClaimRow | null = null;
        let instruction: InstructionRow | null = null;
        if (settlement.kind === 'payment') {
          await this.ledger.instruct(tx, await this.debtors.ofSchemes(tx, [scheme.id]), [
            {
              source: 'settlement',
              sourceKey: `${key}:settlement`,
              commitmentKey: key,
              schemeId: scheme.id,
              schemeCode: scheme.code,
              organisationId: app.organisationId,
              amountCents: settlement.amountCents,
              dueOn: input.settlementDueOn ?? today,
              remittance: `${scheme.code} beschikking ${app.receiptNumber}-v${decision.version} vaststelling`,
            },
          ]);
          instruction = await instructions.bySourceKey(`${key}:settlement`);
        } else if (settlement.kind === 'recovery') {
          if (!mayCreateRecovery(det.determined_on, today)) throw conflict('RECOVERY.TIME_BARRED', 'A recovery claim cannot be made more than five years after the final determination (Awb 4:57 lid 3).');
          claim = await new RecoveryClaimRepository(tx).insert({
            determinationId: det.id,
            organisationId: app.organisationId,
            schemeId: scheme.id,
            amountCents: settlement.amountCents,
            dueOn: input.recoveryDueOn ?? addDays(today, RECOVERY_TERM_DAYS),
            determinedOn: today,
            createdOn: today,
            createdBy: ctx.actor.id,
          });
        }
        const dto = determinationDto(det, claim, instruction);
        await this.audit.record(tx, ctx, { action: 'application.finally_determined', entityType: 'application', entityId: applicationId, before: { awardedAmount: formatAmount(decision.amountCents) }, after: dto });
        if (claim) await this.audit.record(tx, ctx, { action: 'recovery_claim.created', entityType: 'recovery_claim', entityId: claim.id, before: null, after: claimDto(claim) });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'final_determinations_application_id_key')) throw conflict('DETERMINATION.ALREADY_DETERMINED', 'The subsidy was finally determined already.');
      overDecided(err);
    }
  }
}
