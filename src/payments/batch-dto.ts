import { formatAmount } from '../common/money/money';
import type { BatchRow } from './persistence/batch.repository';
import type { BatchDto } from './payments.dto';

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
