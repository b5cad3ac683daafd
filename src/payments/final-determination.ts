/**
 * After the activity: the applicant accounts for it (amount spent, a report), an officer
 * sets the final amount (vaststelling, Awb 4:46), and the settlement with what was paid
 * follows: the rest is paid, or what was paid too much is recovered (terugvordering,
 * Awb 4:57) and may be set off against other amounts payable to the organisation.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertLead, assertOfficer, loadVisible } from '../applications/application-access';
import { baseContentType, contentMatchesType, DOCUMENT_CONTENT_TYPES, fileNameProblem } from '../applications/domain/documents';
import type { RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { AppError, conflict, invalid, notFound } from '../common/errors/app-error';
import { formatAmount, parseAmount } from '../common/money/money';
import { addDays, localDateOf } from '../common/time/amsterdam';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { databaseNow } from '../database/clock';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { DecisionRecord } from '../awards/persistence/decision.entity';
import { SchemeRecord } from '../schemes/persistence/scheme.entity';
import { checkFinalAmount, isDirectlyDetermined, mayCreateRecovery, offsetAmount, RECOVERY_TERM_DAYS, settle, type DeterminationGround } from './domain/settlement';
import { insertInstructions, INSTRUCTION_COLUMNS, instructionDto, overDecided, updateReturning, type InstructionRow } from './payment-instructions';
import type { AccountsDto, AccountsListDto, DetermineFinalDto, FinalDeterminationDto, OffsetDto, RecoveryClaimDto, RecoveryClaimListDto, RecoveryClaimQueryDto, RecoveryOffsetResultDto } from './determination.dto';

/** A scheme's direct-determination limit (small awards are final at once), or null. */
export function directDeterminationLimit(scheme: Pick<SchemeRecord, 'rules'>): bigint | null {
  const raw = (scheme.rules as { directDeterminationUpToCents?: string | null }).directDeterminationUpToCents;
  return raw === undefined || raw === null ? null : BigInt(raw);
}

async function awardOf(em: EntityManager, applicationId: string): Promise<{ decision: DecisionRecord; scheme: SchemeRecord; direct: boolean }> {
  const decision = await em.findOneBy(DecisionRecord, { applicationId, status: 'current' });
  if (!decision || !['awarded', 'partly_awarded'].includes(decision.outcome) || decision.amountCents === 0n) {
    throw notFound('DECISION.NOT_FOUND', `Application ${applicationId} has no award to account for.`);
  }
  const [app] = await em.query(`SELECT scheme_id, status FROM applications WHERE id = $1`, [applicationId]);
  if (!['awarded', 'partly_awarded'].includes(app.status)) {
    throw conflict('DETERMINATION.NOT_AWARDED', `The application is ${app.status}: there is no award to determine.`, { currentStatus: app.status });
  }
  const scheme = await em.findOneByOrFail(SchemeRecord, { id: app.scheme_id });
  return { decision, scheme, direct: isDirectlyDetermined(decision.amountCents, directDeterminationLimit(scheme)) };
}

const directConflict = () =>
  conflict('DETERMINATION.DIRECT', 'This award is at or below the scheme’s direct-determination amount: it was final at once (no accounts, no final determination).');

interface AccountsRow {
  id: string;
  application_id: string;
  spent_cents: string;
  note: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  submitted_by: string;
  submitted_at: Date;
}

const accountsDto = (r: AccountsRow): AccountsDto => ({
  id: r.id,
  applicationId: r.application_id,
  spentAmount: formatAmount(BigInt(r.spent_cents)),
  note: r.note,
  fileName: r.file_name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  submittedAt: new Date(r.submitted_at).toISOString(),
});

@Injectable()
export class SubmitAccounts {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
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
      const { relation } = await loadVisible(tx, ctx.actor, applicationId, true);
      assertLead(relation);
      const { direct } = await awardOf(tx, applicationId);
      if (direct) throw directConflict();
      const [determined] = await tx.query(`SELECT 1 FROM final_determinations WHERE application_id = $1`, [applicationId]);
      if (determined) throw conflict('DETERMINATION.ALREADY_DETERMINED', 'The subsidy was finally determined already: accounts can no longer be submitted.');
      const [row]: AccountsRow[] = await tx.query(
        `INSERT INTO accounts_submissions (application_id, spent_cents, note, file_name, content_type, size_bytes, sha256, content, submitted_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, application_id, spent_cents::text, note, file_name, content_type, size_bytes, sha256, submitted_by, submitted_at`,
        [applicationId, spent!.toString(), input.note ?? null, input.fileName, contentType, content.length, createHash('sha256').update(content).digest('hex'), content, ctx.actor.id],
      );
      const dto = accountsDto(row);
      await this.audit.record(tx, ctx, { action: 'application.accounts_submitted', entityType: 'application', entityId: applicationId, before: null, after: dto });
      return dto;
    });
  }

  async list(ctx: RequestContext, em: EntityManager, applicationId: string): Promise<AccountsListDto> {
    await loadVisible(em, ctx.actor, applicationId);
    const rows: AccountsRow[] = await em.query(
      `SELECT id, application_id, spent_cents::text, note, file_name, content_type, size_bytes, sha256, submitted_by, submitted_at
         FROM accounts_submissions WHERE application_id = $1 ORDER BY submitted_at`,
      [applicationId],
    );
    return { items: rows.map(accountsDto) };
  }
}

interface DeterminationRow {
  id: string;
  application_id: string;
  decision_id: string;
  awarded_cents: string;
  spent_cents: string | null;
  final_cents: string;
  ground: string | null;
  motivation: string | null;
  paid_cents: string;
  settlement_cents: string;
  determined_on: string;
  determined_by: string;
}

const DETERMINATION_COLUMNS = `id, application_id, decision_id, awarded_cents::text, spent_cents::text, final_cents::text, ground, motivation, paid_cents::text, settlement_cents::text,
  to_char(determined_on, 'YYYY-MM-DD') AS determined_on, determined_by`;

interface ClaimRow {
  id: string;
  number: string;
  determination_id: string;
  organisation_id: string;
  scheme_id: string;
  amount_cents: string;
  offset_cents: string;
  repaid_cents: string;
  due_on: string;
  determined_on: string;
  status: string;
}

const CLAIM_COLUMNS = `id, number::text, determination_id, organisation_id, scheme_id, amount_cents::text, offset_cents::text, repaid_cents::text,
  to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(determined_on, 'YYYY-MM-DD') AS determined_on, status`;

function claimDto(c: ClaimRow): RecoveryClaimDto {
  const amount = BigInt(c.amount_cents);
  const offset = BigInt(c.offset_cents);
  const repaid = BigInt(c.repaid_cents);
  return {
    id: c.id,
    number: Number(c.number),
    determinationId: c.determination_id,
    organisationId: c.organisation_id,
    schemeId: c.scheme_id,
    amount: formatAmount(amount),
    offsetAmount: formatAmount(offset),
    repaidAmount: formatAmount(repaid),
    openAmount: formatAmount(amount - offset - repaid),
    dueOn: c.due_on,
    determinedOn: c.determined_on,
    status: c.status as RecoveryClaimDto['status'],
  };
}

function determinationDto(d: DeterminationRow, claim: ClaimRow | null, settlementInstruction: InstructionRow | null): FinalDeterminationDto {
  const settlement = BigInt(d.settlement_cents);
  return {
    id: d.id,
    applicationId: d.application_id,
    decisionId: d.decision_id,
    awardedAmount: formatAmount(BigInt(d.awarded_cents)),
    spentAmount: d.spent_cents === null ? null : formatAmount(BigInt(d.spent_cents)),
    finalAmount: formatAmount(BigInt(d.final_cents)),
    ground: d.ground as DeterminationGround | null,
    motivation: d.motivation,
    paidAmount: formatAmount(BigInt(d.paid_cents)),
    settlement: settlement > 0n ? 'payment' : settlement < 0n ? 'recovery' : 'none',
    settlementAmount: formatAmount(settlement < 0n ? -settlement : settlement),
    determinedOn: d.determined_on,
    determinedBy: d.determined_by,
    settlementInstruction: settlementInstruction ? instructionDto(settlementInstruction) : null,
    recoveryClaim: claim ? claimDto(claim) : null,
  };
}

@Injectable()
export class DetermineFinal {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Awb 4:46: the final amount is the awarded amount unless a listed ground applies (and
   * never more). Advance instructions not yet in a batch are cancelled; what was paid (or
   * is in a batch) is settled: a remainder becomes a settlement instruction, an overpayment
   * a recovery claim with a due date (Awb 4:57).
   */
  async execute(ctx: RequestContext, applicationId: string, input: DetermineFinalDto): Promise<FinalDeterminationDto> {
    const finalCents = parseAmount(input.finalAmount)!;
    try {
      return await this.tx.run(async (tx) => {
        const { app, relation } = await loadVisible(tx, ctx.actor, applicationId, true);
        assertOfficer(relation);
        const { decision, scheme, direct } = await awardOf(tx, applicationId);
        if (direct) throw directConflict();
        const [accounts] = await tx.query(`SELECT spent_cents::text FROM accounts_submissions WHERE application_id = $1 ORDER BY submitted_at DESC LIMIT 1`, [applicationId]);
        if (!accounts) throw conflict('DETERMINATION.NO_ACCOUNTS', 'The applicant has not submitted its accounts yet.');
        const problem = checkFinalAmount(decision.amountCents, finalCents, input.ground ?? null);
        if (problem) throw invalid('DETERMINATION.INVALID_AMOUNT', [{ name: problem.field, reason: problem.reason }]);

        const key = `award:${applicationId}`;
        await tx.query(
          `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, application_id, decision_id, label, decided_cents)
           VALUES ($1, 'award', $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
          [key, scheme.id, app.organisationId, applicationId, decision.id, `${scheme.code} aanvraag ${app.receiptNumber} beschikking v${decision.version}`, decision.amountCents.toString()],
        );
        await tx.query(`SELECT 1 FROM payment_commitments WHERE key = $1 FOR UPDATE`, [key]);
        await tx.query(`UPDATE payment_instructions SET status = 'cancelled', hold_reason = NULL, version = version + 1 WHERE commitment_key = $1 AND status IN ('ready', 'held', 'failed')`, [key]);
        const [paidRow] = await tx.query(`SELECT COALESCE(sum(amount_cents), 0)::text AS paid FROM payment_instructions WHERE commitment_key = $1 AND status IN ('batched', 'paid')`, [key]);
        const paid = BigInt(paidRow.paid);
        const settlement = settle(finalCents, paid);
        const today = localDateOf(await databaseNow(tx));
        // From now the final amount is the most that may be instructed (or what was paid, when that is more: the claim recovers it).
        await tx.query(`UPDATE payment_commitments SET decided_cents = GREATEST($2::bigint, instructed_cents), decision_id = $3 WHERE key = $1`, [key, finalCents.toString(), decision.id]);
        const [det]: DeterminationRow[] = await tx.query(
          `INSERT INTO final_determinations (application_id, decision_id, commitment_key, awarded_cents, spent_cents, final_cents, ground, motivation, paid_cents, settlement_cents, determined_on, determined_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${DETERMINATION_COLUMNS}`,
          [
            applicationId, decision.id, key, decision.amountCents.toString(), accounts.spent_cents, finalCents.toString(), input.ground ?? null, input.motivation ?? null,
            paid.toString(), (finalCents - paid).toString(), today, ctx.actor.id,
          ],
        );
        let claim: ClaimRow | null = null;
        let instruction: InstructionRow | null = null;
        if (settlement.kind === 'payment') {
          await insertInstructions(tx, this.config.payments.funderIban, [
            {
              source: 'settlement',
              sourceKey: `${key}:settlement`,
              commitmentKey: key,
              schemeId: scheme.id,
              schemeCode: scheme.code,
              organisationId: app.organisationId,
              amountCents: settlement.amountCents,
              dueOn: input.settlementDueOn ?? today,
              remittance: `${scheme.code} beschikking ${app.receiptNumber}-v${decision.version} vaststelling`,
            },
          ]);
          [instruction] = await tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE source_key = $1`, [`${key}:settlement`]);
        } else if (settlement.kind === 'recovery') {
          if (!mayCreateRecovery(det.determined_on, today)) throw conflict('RECOVERY.TIME_BARRED', 'A recovery claim cannot be made more than five years after the final determination (Awb 4:57 lid 3).');
          [claim] = await tx.query(
            `INSERT INTO recovery_claims (determination_id, organisation_id, scheme_id, amount_cents, due_on, determined_on, created_on, status, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) RETURNING ${CLAIM_COLUMNS}`,
            [det.id, app.organisationId, scheme.id, settlement.amountCents.toString(), input.recoveryDueOn ?? addDays(today, RECOVERY_TERM_DAYS), today, today, ctx.actor.id],
          );
        }
        const dto = determinationDto(det, claim, instruction);
        await this.audit.record(tx, ctx, { action: 'application.finally_determined', entityType: 'application', entityId: applicationId, before: { awardedAmount: formatAmount(decision.amountCents) }, after: dto });
        if (claim) await this.audit.record(tx, ctx, { action: 'recovery_claim.created', entityType: 'recovery_claim', entityId: claim.id, before: null, after: claimDto(claim) });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'final_determinations_application_id_key')) throw conflict('DETERMINATION.ALREADY_DETERMINED', 'The subsidy was finally determined already.');
      overDecided(err);
    }
  }

  async get(ctx: RequestContext, em: EntityManager, applicationId: string): Promise<FinalDeterminationDto> {
    await loadVisible(em, ctx.actor, applicationId);
    const [det]: DeterminationRow[] = await em.query(`SELECT ${DETERMINATION_COLUMNS} FROM final_determinations WHERE application_id = $1`, [applicationId]);
    if (!det) throw notFound('DETERMINATION.NOT_FOUND', `Application ${applicationId} has not been finally determined.`);
    const [claim]: ClaimRow[] = await em.query(`SELECT ${CLAIM_COLUMNS} FROM recovery_claims WHERE determination_id = $1`, [det.id]);
    const [instruction]: InstructionRow[] = await em.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE source_key = $1`, [`award:${applicationId}:settlement`]);
    return determinationDto(det, claim ?? null, instruction ?? null);
  }
}

@Injectable()
export class RecoveryClaims {
  constructor(
    private readonly tx: Transactions,
    private readonly db: Database,
    private readonly audit: AuditTrail,
  ) {}

  async list(query: RecoveryClaimQueryDto): Promise<RecoveryClaimListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.organisationId) {
      params.push(query.organisationId);
      where.push(`organisation_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    const rows: ClaimRow[] = await this.db.manager.query(`SELECT ${CLAIM_COLUMNS} FROM recovery_claims ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY number LIMIT 100`, params);
    return { items: rows.map(claimDto) };
  }

  /**
   * Sets an open claim off against an instruction payable to the same organisation that is
   * not in a batch (Awb 4:93): the instruction's transfer shrinks by what is set off; wholly
   * set off, it counts as paid without a transfer.
   */
  async offset(ctx: RequestContext, claimId: string, input: OffsetDto): Promise<RecoveryOffsetResultDto> {
    return this.tx.run(async (tx) => {
      const [claim]: ClaimRow[] = await tx.query(`SELECT ${CLAIM_COLUMNS} FROM recovery_claims WHERE id = $1 FOR UPDATE`, [claimId]);
      if (!claim) throw notFound('RECOVERY.NOT_FOUND', `No recovery claim ${claimId}.`);
      if (claim.status !== 'open') throw conflict('RECOVERY.SETTLED', 'The claim is settled already.', { currentStatus: claim.status });
      const [instr]: InstructionRow[] = await tx.query(`SELECT ${INSTRUCTION_COLUMNS} FROM payment_instructions WHERE id = $1 FOR UPDATE`, [input.instructionId]);
      if (!instr) throw invalid('RECOVERY.INVALID_OFFSET', [{ name: 'instructionId', reason: 'names no payment instruction' }]);
      if (instr.organisation_id !== claim.organisation_id) throw invalid('RECOVERY.INVALID_OFFSET', [{ name: 'instructionId', reason: 'is payable to another organisation' }]);
      if (!['ready', 'held'].includes(instr.status)) {
        throw conflict('PAYMENT.ILLEGAL_TRANSITION', `The instruction is ${instr.status}: only instructions not yet in a batch can be set off.`, { currentStatus: instr.status });
      }
      const open = BigInt(claim.amount_cents) - BigInt(claim.offset_cents) - BigInt(claim.repaid_cents);
      const payable = BigInt(instr.amount_cents) - BigInt(instr.offset_cents);
      const amount = offsetAmount(open, payable);
      if (amount === 0n) throw conflict('RECOVERY.NOTHING_TO_OFFSET', 'Nothing is left to set off on this instruction.');
      const whole = amount === payable;
      const [after] = await updateReturning<InstructionRow>(
        tx,
        `UPDATE payment_instructions SET offset_cents = offset_cents + $2, status = CASE WHEN $3 THEN 'paid' ELSE status END,
                hold_reason = CASE WHEN $3 THEN NULL ELSE hold_reason END, version = version + 1
          WHERE id = $1 RETURNING ${INSTRUCTION_COLUMNS}`,
        [instr.id, amount.toString(), whole],
      );
      const [claimAfter] = await updateReturning<ClaimRow>(
        tx,
        `UPDATE recovery_claims SET offset_cents = offset_cents + $2, status = CASE WHEN offset_cents + $2 + repaid_cents = amount_cents THEN 'settled' ELSE 'open' END, version = version + 1
          WHERE id = $1 RETURNING ${CLAIM_COLUMNS}`,
        [claimId, amount.toString()],
      );
      await tx.query(`INSERT INTO recovery_offsets (claim_id, instruction_id, amount_cents, created_by) VALUES ($1, $2, $3, $4)`, [claimId, instr.id, amount.toString(), ctx.actor.id]);
      const result = { offsetAmount: formatAmount(amount), claim: claimDto(claimAfter), instruction: instructionDto(after) };
      await this.audit.record(tx, ctx, { action: 'recovery_claim.offset', entityType: 'recovery_claim', entityId: claimId, before: claimDto(claim), after: result });
      return result;
    });
  }
}
