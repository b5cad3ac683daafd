import { formatAmount } from '../common/money/money';
import type { InstructionRow } from './persistence/instruction.repository';
import type { InstructionDto } from './payments.dto';

export function instructionDto(r: InstructionRow): InstructionDto {
  const amount = BigInt(r.amount_cents);
  const offset = BigInt(r.offset_cents);
  return {
    id: r.id,
    endToEndId: r.end_to_end_id,
    source: r.source as InstructionDto['source'],
    commitmentKey: r.commitment_key,
    schemeId: r.scheme_id,
    organisationId: r.organisation_id,
    bankAccountId: r.bank_account_id,
    amount: formatAmount(amount),
    offsetAmount: formatAmount(offset),
    transferAmount: formatAmount(amount - offset),
    dueOn: r.due_on,
    remittance: r.remittance,
    status: r.status as InstructionDto['status'],
    holdReason: r.hold_reason,
    failureCode: r.failure_code,
    failureReason: r.failure_reason,
    failureMeaning: r.failure_meaning,
    paidOn: r.paid_on,
    bankReference: r.bank_reference,
  };
}
