import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { conflict, invalid } from '../../common/errors/app-error';
import { databaseNow } from '../../database/clock';
import { isUniqueViolation, Transactions } from '../../database/transactions';
import { checkWindows, parseMoment } from '../domain/scheme-setup-rules';
import type { WindowInputDto } from '../dto/scheme-input.dto';
import type { WindowDto } from '../dto/scheme-views.dto';
import { SchemeRepository } from '../persistence/scheme.repository';
import { assertSchemeOfficer, lockScheme } from '../scheme-access';
import { windowDto } from '../scheme-mapping';

/** Adds a later application window to a scheme (it must open in the future). */
@Injectable()
export class AddWindow {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, schemeId: string, input: WindowInputDto): Promise<WindowDto> {
    const problems = checkWindows([input], 'window').map((p) => ({ ...p, name: p.name.replace('window.0.', '') }));
    if (problems.length > 0) throw invalid('SCHEME.INVALID_WINDOW', problems);
    try {
      return await this.tx.run(async (tx) => {
        await lockScheme(tx, schemeId);
        await assertSchemeOfficer(tx, ctx.actor, schemeId);
        // Windows that have opened are fixed (Awb 4:26); a new one may be added for later, never in the past.
        if (parseMoment(input.opensAt) <= (await databaseNow(tx))) {
          throw invalid('SCHEME.WINDOW_IN_PAST', [{ name: 'opensAt', reason: 'a new window must open in the future' }]);
        }
        const schemes = new SchemeRepository(tx);
        const saved = await schemes.insertWindow({ schemeId, code: input.code, name: input.name, opensAt: parseMoment(input.opensAt), closesAt: parseMoment(input.closesAt) });
        await schemes.bumpVersion(schemeId);
        const dto = windowDto(saved);
        await this.audit.record(tx, ctx, { action: 'scheme.window_added', entityType: 'scheme', entityId: schemeId, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'scheme_windows_scheme_id_code_key')) throw conflict('SCHEME.WINDOW_CODE_TAKEN', `The scheme already has a window ${input.code}.`);
      throw err;
    }
  }
}
