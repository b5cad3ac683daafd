import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { assertIfMatch } from '../../common/http/etag';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { checkedIdentifier, identifierTaken, lockOrganisation } from '../organisation-access';
import { OrganisationDto, type UpdateOrganisationDto } from '../organisations.dto';
import { OrganisationRepository } from '../persistence/organisation.repository';

/** Changes an organisation's name or identifier (its kind is fixed). */
@Injectable()
export class UpdateOrganisation {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, id: string, input: UpdateOrganisationDto, ifMatch: string | undefined): Promise<OrganisationDto> {
    let kind: string | undefined;
    let identifier: string | undefined;
    try {
      return await this.tx.run(async (tx) => {
        const current = await lockOrganisation(tx, id);
        kind = current.kind;
        assertIfMatch(ifMatch, current.version);
        const before = OrganisationDto.from(current);
        identifier = input.identifier === undefined ? undefined : checkedIdentifier(current.kind, input.identifier);
        if (input.name !== undefined) current.name = input.name.trim();
        if (identifier !== undefined) current.identifier = identifier;
        const saved = await new OrganisationRepository(tx).save(current);
        const after = OrganisationDto.from(saved);
        await this.audit.record(tx, ctx, { action: 'organisation.updated', entityType: 'organisation', entityId: id, before, after });
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'organisations_kind_identifier_key')) throw identifierTaken(kind!, identifier!);
      throw err;
    }
  }
}
