import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict } from '../../common/errors/app-error';
import { Transactions } from '../../database/transactions';
import type { AddOfficerDto } from '../dto/scheme-commands.dto';
import type { OfficerListDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme } from '../scheme-access';
import { officerList } from '../scheme-mapping';

/** Makes another officer one of the scheme's officers. */
@Injectable()
export class AddSchemeOfficer {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, schemeId: string, input: AddOfficerDto): Promise<OfficerListDto> {
    return this.tx.run(async (tx) => {
      await lockScheme(tx, schemeId);
      await assertSchemeOfficer(tx, ctx.actor, schemeId);
      const schemes = new SchemeRepository(tx);
      if (await schemes.isOfficer(schemeId, input.officerId)) {
        throw conflict('SCHEME.OFFICER_ALREADY_ADDED', `${input.officerId} is already an officer of this scheme.`);
      }
      await schemes.addOfficer(schemeId, input.officerId, ctx.actor.id);
      await this.audit.record(tx, ctx, { action: 'scheme.officer_added', entityType: 'scheme', entityId: schemeId, before: null, after: { officerId: input.officerId } });
      return officerList(await schemes.officers(schemeId));
    });
  }
}
