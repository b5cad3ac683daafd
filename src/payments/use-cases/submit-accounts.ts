import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertLead, loadVisible } from '../../applications';
import { baseContentType, contentMatchesType, DOCUMENT_CONTENT_TYPES, fileNameProblem } from '../../applications/domain/documents';
import type { RequestContext } from '../../auth/actor';
import { AuditTrail } from '../../audit';
import { AppError, conflict, invalid } from '../../common/errors/app-error';
import { parseAmount } from '../../common/money/money';
import { Transactions } from '../../database/transactions';
import { accountsDto } from '../determination-dtos';
import type { AccountsDto } from '../determination.dto';
import { AccountsRepository } from '../persistence/accounts.repository';
import { DeterminationRepository } from '../persistence/determination.repository';
import { directConflict, SettleableAward } from '../settleable-award';

/**
 * After the activity the applicant accounts for it (verantwoording): the amount spent and
 * a report; an officer then sets the final amount (see DetermineFinal).
 */
@Injectable()
export class SubmitAccounts {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly awards: SettleableAward,
  ) {}

  /** The lead applicant's accounts: the amount spent, and the report as a document (its bytes are the body). */
  async execute(ctx: RequestContext, applicationId: string, input: { spentAmount: string; note?: string; fileName: string; contentType: string | undefined; content: unknown }): Promise<AccountsDto> {
    const contentType = baseContentType(input.contentType);
    if (!Buffer.isBuffer(input.content) || !DOCUMENT_CONTENT_TYPES.includes(contentType)) {
      throw new AppError('unsupported_media_type', 'DOCUMENT.TYPE_NOT_ALLOWED', `The report must be one of: ${DOCUMENT_CONTENT_TYPES.join(', ')}.`);
    }
    const problems = [];
    const spent = parseAmount(input.spentAmount);
    if (spent === undefined) problems.push({ name: 'spentAmount', reason: 'must be an amount in euros with two decimals, such as "23000000.00"' });
    const nameProblem = fileNameProblem(input.fileName);
    if (nameProblem) problems.push({ name: 'fileName', reason: nameProblem });
    if (input.content.length === 0) problems.push({ name: 'body', reason: 'must not be empty' });
    else if (!contentMatchesType(contentType, input.content)) problems.push({ name: 'body', reason: `is not a ${contentType} file` });
    if (problems.length > 0) throw invalid('ACCOUNTS.INVALID', problems);
    const content = input.content as Buffer;
    return this.tx.run(async (tx) => {
      const { app, relation } = await loadVisible(tx, ctx.actor, applicationId, true);
      assertLead(relation);
      const { direct } = await this.awards.load(tx, app);
      if (direct) throw directConflict();
      if (await new DeterminationRepository(tx).exists(applicationId)) {
        throw conflict('DETERMINATION.ALREADY_DETERMINED', 'The subsidy was finally determined already: accounts can no longer be submitted.');
      }
      const row = await new AccountsRepository(tx).insert({
        applicationId,
        spentCents: spent!,
        note: input.note ?? null,
        fileName: input.fileName,
        contentType,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        submittedBy: ctx.actor.id,
      });
      const dto = accountsDto(row);
      await this.audit.record(tx, ctx, { action: 'application.accounts_submitted', entityType: 'application', entityId: applicationId, before: null, after: dto });
      return dto;
    });
  }
}
