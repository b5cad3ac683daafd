import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { normaliseBrin, validateBrin } from '../domain/organisation-identifiers';
import { lockOrganisation } from '../organisation-access';
import { SchoolDto, type CreateSchoolDto } from '../organisations.dto';
import { OrganisationRepository } from '../persistence/organisation.repository';

/** Adds a school (BRIN) under a school board. */
@Injectable()
export class AddSchool {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, organisationId: string, input: CreateSchoolDto): Promise<SchoolDto> {
    const brin = normaliseBrin(input.brin);
    const reason = validateBrin(brin);
    if (reason) throw invalid('ORGANISATION.INVALID_BRIN', [{ name: 'brin', reason }]);
    try {
      return await this.tx.run(async (tx) => {
        const organisation = await lockOrganisation(tx, organisationId);
        if (organisation.kind !== 'school_board') {
          throw conflict('ORGANISATION.NOT_A_SCHOOL_BOARD', 'Only a school board (bevoegd gezag) has schools.', { kind: organisation.kind });
        }
        const saved = await new OrganisationRepository(tx).insertSchool({ organisationId, brin, name: input.name.trim() });
        const dto = SchoolDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'school.created', entityType: 'school', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'schools_brin_key')) throw conflict('ORGANISATION.BRIN_TAKEN', `A school with BRIN ${brin} already exists.`);
      throw err;
    }
  }
}
