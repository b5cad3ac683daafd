import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Policy } from '../../auth/policy';
import { Database } from '../../database/database';
import { organisationNotFound } from '../organisation-access';
import { OrganisationDto } from '../organisations.dto';
import { OrganisationRepository } from '../persistence/organisation.repository';

/** One organisation (an applicant reads only its own). */
@Injectable()
export class GetOrganisation {
  constructor(private readonly db: Database) {}

  async execute(ctx: RequestContext, id: string): Promise<OrganisationDto> {
    Policy.assertMayReadOrganisation(ctx.actor, id);
    const found = await new OrganisationRepository(this.db.manager).find(id);
    if (!found) throw organisationNotFound(id);
    return OrganisationDto.from(found);
  }
}
