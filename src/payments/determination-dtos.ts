import { claimReference } from './domain/statement-matching';
import { formatAmount } from '../common/money/money';
import type { DeterminationGround } from './domain/settlement';
import { instructionDto } from './instruction-dto';
import type { AccountsRow } from './persistence/accounts.repository';
import type { DeterminationRow } from './persistence/determination.repository';
import type { InstructionRow } from './persistence/instruction.repository';
import type { ClaimRow } from './persistence/recovery-claim.repository';
import type { AccountsDto, FinalDeterminationDto, RecoveryClaimDto } from './determination.dto';

export const accountsDto = (r: AccountsRow): AccountsDto => ({
  id: r.id,
  applicationId: r.application_id,
  spentAmount: formatAmount(BigInt(r.spent_cents)),
  note: r.note,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  submittedAt: new Date(r.submitted_at).toISOString(),
});

export function claimDto(c: ClaimRow): RecoveryClaimDto {
  const amount = BigInt(c.amount_cents);
  const offset = BigInt(c.offset_cents);
  const repaid = BigInt(c.repaid_cents);
  return {
    id: c.id,
    number: Number(c.number),
    paymentReference: claimReference(c.number),
    determinationId: c.determination_id,
    organisationId: c.organisation_id,
    schemeId: c.scheme_id,
    amount: formatAmount(amount),
    offsetAmount: formatAmount(offset),
    repaidAmount: formatAmount(repaid),
    openAmount: formatAmount(amount - offset - repaid),
    dueOn: c.due_on,
    determinedOn: c.determined_on,
    status: c.status as RecoveryClaimDto['status'],
  };
}

export function determinationDto(d: DeterminationRow, claim: ClaimRow | null, settlementInstruction: InstructionRow | null): FinalDeterminationDto {
  const settlement = BigInt(d.settlement_cents);
  return {
    id: d.id,
    applicationId: d.application_id,
    decisionId: d.decision_id,
    awardedAmount: formatAmount(BigInt(d.awarded_cents)),
    spentAmount: d.spent_cents === null ? null : formatAmount(BigInt(d.spent_cents)),
    finalAmount: formatAmount(BigInt(d.final_cents)),
    ground: d.ground as DeterminationGround | null,
    motivation: d.motivation,
    paidAmount: formatAmount(BigInt(d.paid_cents)),
    settlement: settlement > 0n ? 'payment' : settlement < 0n ? 'recovery' : 'none',
    settlementAmount: formatAmount(settlement < 0n ? -settlement : settlement),
    determinedOn: d.determined_on,
    determinedBy: d.determined_by,
    settlementInstruction: settlementInstruction ? instructionDto(settlementInstruction) : null,
    recoveryClaim: claim ? claimDto(claim) : null,
  };
}
