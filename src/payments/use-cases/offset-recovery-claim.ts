import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid, notFound } from '../../common/errors/app-error';
import { formatAmount } from '../../common/money/money';
import { Transactions } from '../../database/transactions';
import { offsetAmount } from '../domain/settlement';
import { claimDto } from '../determination-dtos';
import type { OffsetDto, RecoveryOffsetResultDto } from '../determination.dto';
import { instructionDto } from '../instruction-dto';
import { PaymentLedger } from '../payment-ledger';
import { InstructionRepository } from '../persistence/instruction.repository';
import { RecoveryClaimRepository } from '../persistence/recovery-claim.repository';

@Injectable()
export class OffsetRecoveryClaim {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
  ) {}

  /**
   * Sets an open claim off against an instruction payable to the same organisation that is
   * not in a batch (Awb 4:93): the instruction's transfer shrinks by what is set off; wholly
   * set off, it counts as paid without a transfer.
   */
  async execute(ctx: RequestContext, claimId: string, input: OffsetDto): Promise<RecoveryOffsetResultDto> {
    return this.tx.run(async (tx) => {
      const claims = new RecoveryClaimRepository(tx);
      const claim = await claims.get(claimId, true);
      if (!claim) throw notFound('RECOVERY.NOT_FOUND', `No recovery claim ${claimId}.`);
      if (claim.status !== 'open') throw conflict('RECOVERY.SETTLED', 'The claim is settled already.', { currentStatus: claim.status });
      const instr = await new InstructionRepository(tx).get(input.instructionId, true);
      if (!instr) throw invalid('RECOVERY.INVALID_OFFSET', [{ name: 'instructionId', reason: 'names no payment instruction' }]);
      if (instr.organisation_id !== claim.organisation_id) throw invalid('RECOVERY.INVALID_OFFSET', [{ name: 'instructionId', reason: 'is payable to another organisation' }]);
      if (!['ready', 'held'].includes(instr.status)) {
        throw conflict('PAYMENT.ILLEGAL_TRANSITION', `The instruction is ${instr.status}: only instructions not yet in a batch can be set off.`, { currentStatus: instr.status });
      }
      const open = BigInt(claim.amount_cents) - BigInt(claim.offset_cents) - BigInt(claim.repaid_cents);
      const payable = BigInt(instr.amount_cents) - BigInt(instr.offset_cents);
      const amount = offsetAmount(open, payable);
      if (amount === 0n) throw conflict('RECOVERY.NOTHING_TO_OFFSET', 'Nothing is left to set off on this instruction.');
      const after = await this.ledger.offset(tx, instr.id, amount, amount === payable);
      const claimAfter = await claims.offset(claimId, instr.id, amount, ctx.actor.id);
      const result = { offsetAmount: formatAmount(amount), claim: claimDto(claimAfter), instruction: instructionDto(after) };
      await this.audit.record(tx, ctx, { action: 'recovery_claim.offset', entityType: 'recovery_claim', entityId: claimId, before: claimDto(claim), after: result });
      return result;
    });
  }
}
