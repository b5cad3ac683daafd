import type { EntityManager } from 'typeorm';
import type { AssignmentDto } from './dto/assignment.dto';
import type { CommitteeDto } from './dto/committee.dto';
import type { ConflictDto } from './dto/conflict.dto';
import { CommitteeRepository } from './persistence/committee.repository';
import type { AssignmentRecord, CommitteeRecord, ConflictRecord } from './persistence/review.entity';

/** What the API shows of a committee, its members included. */
export async function committeeView(em: EntityManager, c: CommitteeRecord): Promise<CommitteeDto> {
  const members = await new CommitteeRepository(em).members(c.id);
  return {
    id: c.id,
    schemeId: c.schemeId,
    windowId: c.windowId,
    name: c.name,
    chairId: c.chairId,
    members: members.map((m) => ({ reviewerId: m.reviewerId, active: m.active, departedAt: m.departedAt ? m.departedAt.toISOString() : null })),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  };
}

export function assignmentDto(a: AssignmentRecord, sheetStatus: string | undefined): AssignmentDto {
  return {
    id: a.id,
    applicationId: a.applicationId,
    reviewerId: a.reviewerId,
    active: a.active,
    sheetStatus: sheetStatus ?? 'not_started',
    assignedAt: a.assignedAt.toISOString(),
    endedReason: a.endedReason,
  };
}

export function conflictDto(c: ConflictRecord, ended: string[] = []): ConflictDto {
  return {
    id: c.id,
    reviewerId: c.reviewerId,
    organisationId: c.organisationId,
    applicationId: c.applicationId,
    reason: c.reason,
    declaredBy: c.declaredBy,
    declaredAt: c.declaredAt.toISOString(),
    endedAssignmentIds: ended,
  };
}
