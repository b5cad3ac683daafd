import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import type { CoApplicantInvitationListDto } from '../applications.dto';
import type { CoApplicantStatus } from '../domain/co-applicant-consent';
import { ownOrganisation } from '../draft-rules';
import { ApplicationRepository } from '../persistence/application.repository';

/** The invitations to co-apply that the caller's organisation received: which application, whose, and its answer. */
@Injectable()
export class ListCoApplicantInvitations {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, status: CoApplicantStatus | undefined): Promise<CoApplicantInvitationListDto> {
    const organisationId = ownOrganisation(ctx);
    const rows = await new ApplicationRepository(this.db.manager).invitationsOf(organisationId, status);
    return {
      items: rows.map((r) => ({
        applicationId: r.application_id,
        leadOrganisationId: r.lead_organisation_id,
        schemeId: r.scheme_id,
        organisationId,
        status: r.status,
        invitedAt: new Date(r.invited_at).toISOString(),
        answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
      })),
    };
  }
}
