import type { EntityManager } from 'typeorm';
import type { Role } from '../auth/actor';
import { formatAmount } from '../common/money/money';
import type { ApplicationDto, CoApplicantDto, CompletionRequestDto, DocumentDto } from './applications.dto';
import type { ApplicationRecord, CoApplicantRecord, CompletionRequestRecord, DocumentRecord } from './persistence/application.entity';
import { ApplicationRepository } from './persistence/application.repository';
import { CompletionRequestRepository } from './persistence/completion-request.repository';

/** Roles that see the officers' own fields (OWASP API3: nothing more leaves than the role may see). */
const INTERNAL_READERS: readonly Role[] = ['officer', 'auditor', 'admin'];

export function completionRequestDto(r: CompletionRequestRecord): CompletionRequestDto {
  return {
    id: r.id,
    missing: r.missing,
    termDays: r.termDays,
    requestedAt: r.requestedAt.toISOString(),
    dueOn: r.dueOn,
    status: r.status,
    suppliedAt: r.suppliedAt ? r.suppliedAt.toISOString() : null,
    suppliedNote: r.suppliedNote,
  };
}

export function documentDto(d: DocumentRecord): DocumentDto {
  return { id: d.id, fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, uploadedAt: d.uploadedAt.toISOString() };
}

export function coApplicantDto(c: Pick<CoApplicantRecord, 'organisationId' | 'status' | 'invitedAt' | 'answeredAt'>): CoApplicantDto {
  return { organisationId: c.organisationId, status: c.status, invitedAt: c.invitedAt.toISOString(), answeredAt: c.answeredAt ? c.answeredAt.toISOString() : null };
}

export function applicationDto(a: ApplicationRecord, coApplicants: readonly CoApplicantDto[], open: CompletionRequestRecord | null, role: Role): ApplicationDto {
  const co = [...coApplicants].sort((x, y) => (x.organisationId < y.organisationId ? -1 : x.organisationId > y.organisationId ? 1 : 0));
  const dto: ApplicationDto = {
    id: a.id,
    schemeId: a.schemeId,
    windowId: a.windowId,
    budgetLineId: a.budgetLineId,
    organisationId: a.organisationId,
    coApplicantIds: co.map((c) => c.organisationId),
    coApplicants: co,
    region: a.region,
    title: a.title,
    requestedAmount: formatAmount(a.requestedCents),
    eligibleCosts: a.eligibleCostsCents === null ? null : formatAmount(a.eligibleCostsCents),
    answers: a.answers,
    status: a.status,
    receiptNumber: a.receiptNumber,
    receivedAt: a.receivedAt ? a.receivedAt.toISOString() : null,
    completenessAt: a.completenessAt ? a.completenessAt.toISOString() : null,
    decisionDueOn: a.decisionDueOn,
    originalDecisionDueOn: a.originalDecisionDueOn,
    deadlineExtensionReason: a.deadlineExtensionReason,
    eligibilityGrounds: a.eligibilityGrounds,
    notProcessedGrounds: a.notProcessedGrounds,
    withdrawalReason: a.withdrawalReason,
    openCompletionRequest: open ? completionRequestDto(open) : null,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
  if (INTERNAL_READERS.includes(role)) {
    dto.assessmentNote = a.assessmentNote;
    dto.createdBy = a.createdBy;
  }
  return dto;
}

/** The full view of one application, with its co-applicants and open completion request. */
export async function viewOf(em: EntityManager, a: ApplicationRecord, role: Role): Promise<ApplicationDto> {
  // Sequential: `em` may be a transaction's, whose one connection runs one query at a time.
  const co = await new ApplicationRepository(em).coApplicantsOf(a.id);
  const open = await new CompletionRequestRepository(em).openOf(a.id);
  return applicationDto(a, co.map(coApplicantDto), open, role);
}

/** The same views for a page of applications, in two queries rather than two per row. */
export async function viewsOf(em: EntityManager, rows: ApplicationRecord[], role: Role): Promise<Map<string, ApplicationDto>> {
  const ids = rows.map((r) => r.id);
  const co = await new ApplicationRepository(em).coApplicantsOfPage(ids);
  const open = await new CompletionRequestRepository(em).openOfPage(ids);
  return new Map(
    rows.map((r) => [
      r.id,
      applicationDto(
        r,
        co.filter((c) => c.applicationId === r.id).map(coApplicantDto),
        open.find((o) => o.applicationId === r.id) ?? null,
        role,
      ),
    ]),
  );
}
