import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { SchemeDirectory } from '../../schemes';
import { committeeView } from '../committee-views';
import { committeeComposition, mayCreateCommittee } from '../domain/committee-rules';
import type { CommitteeDto, CreateCommitteeDto } from '../dto/committee.dto';
import { CommitteeRepository } from '../persistence/committee.repository';
import { orThrow } from '../refusal';

@Injectable()
export class CreateCommittee {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly schemes: SchemeDirectory,
  ) {}

  async execute(ctx: RequestContext, input: CreateCommitteeDto): Promise<CommitteeDto> {
    const members = [...new Set(input.memberIds)];
    orThrow(committeeComposition(members, input.chairId));
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await this.schemes.findForUpdate(tx, input.schemeId);
        if (!scheme) throw invalid('COMMITTEE.INVALID', [{ name: 'schemeId', reason: 'is not a scheme' }]);
        await this.schemes.assertOfficer(tx, ctx.actor, scheme.id);
        const committees = new CommitteeRepository(tx);
        orThrow(mayCreateCommittee(scheme, await committees.ofScheme(scheme.id), input.windowId));
        if (input.windowId && (await this.schemes.findWindow(tx, input.windowId))?.schemeId !== scheme.id) {
          throw invalid('COMMITTEE.INVALID', [{ name: 'windowId', reason: 'is not a window of this scheme' }]);
        }
        const saved = await committees.create({ schemeId: scheme.id, windowId: input.windowId ?? null, name: input.name.trim(), chairId: input.chairId ?? null, createdBy: ctx.actor.id });
        await committees.addMembers(saved.id, members, ctx.actor.id);
        const view = await committeeView(tx, saved);
        await this.audit.record(tx, ctx, { action: 'committee.created', entityType: 'committee', entityId: saved.id, before: null, after: view });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'committees_scheme_id_window_id_key')) {
        throw conflict('COMMITTEE.EXISTS', 'This scheme (or window) already has a committee.');
      }
      throw err;
    }
  }
}
