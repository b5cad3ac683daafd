import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { checkedIdentifier, identifierTaken } from '../organisation-access';
import { OrganisationDto, type CreateOrganisationDto } from '../organisations.dto';
import { OrganisationRepository } from '../persistence/organisation.repository';

/** Registers an organisation that may apply for funding. */
@Injectable()
export class CreateOrganisation {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateOrganisationDto): Promise<OrganisationDto> {
    const identifier = checkedIdentifier(input.kind, input.identifier);
    try {
      return await this.tx.run(async (tx) => {
        const saved = await new OrganisationRepository(tx).insert({ kind: input.kind, name: input.name.trim(), identifier });
        const dto = OrganisationDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'organisation.created', entityType: 'organisation', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'organisations_kind_identifier_key')) throw identifierTaken(input.kind, identifier);
      throw err;
    }
  }
}
