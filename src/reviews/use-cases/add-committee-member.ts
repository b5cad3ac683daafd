import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { CommitteeAccess } from '../committee-access';
import { committeeView } from '../committee-views';
import type { AddMemberDto, CommitteeDto } from '../dto/committee.dto';
import { CommitteeRepository } from '../persistence/committee.repository';

@Injectable()
export class AddCommitteeMember {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly access: CommitteeAccess,
  ) {}

  /** A reviewer joins (or, having left, rejoins) the committee. */
  execute(ctx: RequestContext, committeeId: string, input: AddMemberDto): Promise<CommitteeDto> {
    return this.tx.run(async (tx) => {
      const committee = await this.access.load(tx, committeeId, 'write');
      await this.access.assertManager(tx, ctx.actor, committee);
      const committees = new CommitteeRepository(tx);
      const existing = await committees.findMember(committeeId, input.reviewerId);
      if (existing?.active) throw conflict('COMMITTEE.ALREADY_MEMBER', `${input.reviewerId} is already a member.`);
      if (existing) await committees.rejoin(committeeId, input.reviewerId);
      else await committees.addMembers(committeeId, [input.reviewerId], ctx.actor.id);
      await this.audit.record(tx, ctx, { action: 'committee.member_added', entityType: 'committee', entityId: committeeId, before: null, after: { reviewerId: input.reviewerId } });
      return committeeView(tx, committee);
    });
  }
}
