import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { Database } from '../../database/database';
import { SchoolDto, type SchoolListDto } from '../organisations.dto';
import { OrganisationRepository } from '../persistence/organisation.repository';
import { GetOrganisation } from './get-organisation';

/** A school board's schools. */
@Injectable()
export class ListSchools {
  constructor(
    private readonly db: Database,
    private readonly organisations: GetOrganisation,
  ) {}

  async execute(ctx: RequestContext, organisationId: string): Promise<SchoolListDto> {
    await this.organisations.execute(ctx, organisationId); // policy, and 404 for an unknown organisation
    const rows = await new OrganisationRepository(this.db.manager).schools(organisationId);
    return { items: rows.map(SchoolDto.from) };
  }
}
