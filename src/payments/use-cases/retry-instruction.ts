import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, notFound } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { instructionDto } from '../instruction-dto';
import { PaymentLedger } from '../payment-ledger';
import { InstructionRepository } from '../persistence/instruction.repository';
import type { InstructionDto } from '../payments.dto';

@Injectable()
export class RetryInstruction {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: PaymentLedger,
  ) {}

  /**
   * A failed (rejected by the bank) or held instruction, after the cause is put right (say a
   * new bank account, verified by finance): it takes the organisation's current verified
   * account and is ready to be batched again.
   */
  async execute(ctx: RequestContext, id: string): Promise<InstructionDto> {
    return this.tx.run(async (tx) => {
      const row = await new InstructionRepository(tx).get(id, true);
      if (!row) throw notFound('PAYMENT.INSTRUCTION_NOT_FOUND', `No payment instruction ${id}.`);
      if (row.status !== 'failed' && row.status !== 'held') {
        throw conflict('PAYMENT.ILLEGAL_TRANSITION', `The instruction is ${row.status}: only failed or held instructions are retried.`, { currentStatus: row.status });
      }
      const payee = (await this.ledger.payees(tx, [row.organisation_id])).get(row.organisation_id)!;
      if (!payee.accountId) throw conflict('PAYMENT.NO_VERIFIED_ACCOUNT', payee.holdReason!, { currentStatus: row.status });
      const after = await this.ledger.reinstate(tx, id, payee.accountId);
      await this.audit.record(tx, ctx, { action: 'payment_instruction.retried', entityType: 'payment_instruction', entityId: id, before: instructionDto(row), after: instructionDto(after) });
      return instructionDto(after);
    });
  }
}
