import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import { applicationNotFound } from '../application-access';
import type { CoApplicantInvitationDto } from '../applications.dto';
import { answerInvitation, type Answer } from '../domain/co-applicant-consent';
import { ownOrganisation } from '../draft-rules';
import { ApplicationRepository } from '../persistence/application.repository';

/**
 * A member of an invited organisation accepts or declines co-applying (security finding:
 * consent before access). Until it accepts, the application does not exist for it (404 on
 * every read); an organisation that was not named gets the same 404 here, so ids reveal nothing.
 */
@Injectable()
export class AnswerCoApplicantInvitation {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, applicationId: string, answer: Answer): Promise<CoApplicantInvitationDto> {
    const organisationId = ownOrganisation(ctx);
    return this.tx.run(async (tx) => {
      const applications = new ApplicationRepository(tx);
      const app = await applications.find(applicationId, true);
      const invitation = app ? await applications.invitationForUpdate(applicationId, organisationId) : null;
      if (!app || !invitation) throw applicationNotFound(applicationId);
      const verdict = answerInvitation(invitation.status, answer);
      if ('refused' in verdict) throw conflict('APPLICATION.INVITATION_ANSWERED', verdict.refused, { currentStatus: invitation.status });
      const answered = await applications.answerInvitation(applicationId, organisationId, verdict.next, ctx.actor.id);
      await this.audit.record(tx, ctx, {
        action: answer === 'accept' ? 'application.co_applicant_accepted' : 'application.co_applicant_declined',
        entityType: 'application',
        entityId: applicationId,
        before: { organisationId, status: invitation.status },
        after: { organisationId, status: answered.status },
      });
      return {
        applicationId,
        leadOrganisationId: app.organisationId,
        schemeId: app.schemeId,
        organisationId,
        status: answered.status,
        invitedAt: answered.invitedAt.toISOString(),
        answeredAt: answered.answeredAt ? answered.answeredAt.toISOString() : null,
      };
    });
  }
}
