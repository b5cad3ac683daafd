import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, RequestContext } from '../auth/actor';
import { AuditTrail } from '../audit';
import { BudgetLedger } from './budget-ledger';
import { conflict, forbidden, invalid, notFound, type InvalidParam } from '../common/errors/app-error';
import { assertIfMatch } from '../common/http/etag';
import { isUuid } from '../common/ids';
import { formatAmount, parseAmount } from '../common/money/money';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination/cursor';
import { databaseNow } from '../database/clock';
import { Database } from '../database/database';
import { isUniqueViolation, Transactions } from '../database/transactions';
import { OrganisationRecord } from '../organisations/persistence/organisation.entity';
import { answersSchemaProblem } from './answers-schema';
import { checkRules, type AllocationMethod, type SchemeRules } from './domain/scheme-rules';
import { BudgetLineRecord, SchemeOfficerRecord, SchemeRecord, SchemeWindowRecord, type StoredRegion } from './persistence/scheme.entity';
import { budgetLineDto, loadRules, rulesAfterUpdate, rulesFixed, rulesFromInput, schemeDto, storeRules, windowDto } from './scheme-mapping';
import type {
  AddOfficerDto,
  BudgetLineDto,
  BudgetLineInputDto,
  CeilingAmendmentDto,
  CreateSchemeDto,
  OfficerListDto,
  RegionDto,
  SchemeDto,
  SchemePageDto,
  SchemeQueryDto,
  UpdateSchemeDto,
  WindowDto,
  WindowInputDto,
} from './schemes.dto';

const schemeNotFound = (id: string) => notFound('SCHEME.NOT_FOUND', `No scheme ${id}.`);

export async function lockScheme(tx: EntityManager, id: string): Promise<SchemeRecord> {
  const found = await tx.findOne(SchemeRecord, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!found) throw schemeNotFound(id);
  return found;
}

async function loadView(em: EntityManager, scheme: SchemeRecord): Promise<SchemeDto> {
  // One after the other: inside a transaction they share one connection.
  const windows = await em.find(SchemeWindowRecord, { where: { schemeId: scheme.id } });
  const lines = await em.find(BudgetLineRecord, { where: { schemeId: scheme.id } });
  const now = await databaseNow(em);
  return schemeDto(scheme, windows, lines, now);
}

/**
 * Who may set up and change a scheme: an admin, a service account whose token carries
 * `schemes:write` (the access guard checked the scope: a ministry's scheme register),
 * or an officer who is one of the scheme's officers. Anyone else gets 403 (schemes are
 * public, so 404 would hide nothing).
 */
export async function assertSchemeOfficer(em: EntityManager, actor: Actor, schemeId: string): Promise<void> {
  if (actor.role === 'admin' || actor.role === 'service') return;
  if (actor.role === 'officer' && (await em.existsBy(SchemeOfficerRecord, { schemeId, officerId: actor.id }))) return;
  throw forbidden(
    'SCHEME.NOT_AN_OFFICER',
    `Only the scheme’s own officers may do this. An officer who creates a scheme is one of its officers; others are added by an admin or one of them: POST /api/v1/schemes/${schemeId}/officers {"officerId":"<the officer's sub>"}.`,
  );
}

/** A scheme's ETag covers its windows and budget lines: a change to them is a new version. */
async function bumpVersion(tx: EntityManager, schemeId: string): Promise<void> {
  await tx.update(SchemeRecord, { id: schemeId }, { version: () => 'version + 1', updatedAt: () => 'now()' } as never);
}

function parseMoment(text: string): Date {
  return new Date(text);
}

function checkWindows(windows: WindowInputDto[], prefix: string): InvalidParam[] {
  const problems: InvalidParam[] = [];
  const codes = new Set<string>();
  windows.forEach((w, i) => {
    if (codes.has(w.code)) problems.push({ name: `${prefix}.${i}.code`, reason: `duplicates window ${w.code}` });
    codes.add(w.code);
    if (parseMoment(w.closesAt) <= parseMoment(w.opensAt)) problems.push({ name: `${prefix}.${i}.closesAt`, reason: 'must be after opensAt' });
  });
  return problems;
}

function checkBudgetLine(line: BudgetLineInputDto, name: string, regions: string[], windowCodes: string[]): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (line.periodEnd < line.periodStart) problems.push({ name: `${name}.periodEnd`, reason: 'must not be before periodStart' });
  if (line.region !== undefined && !regions.includes(line.region)) problems.push({ name: `${name}.region`, reason: `is not one of the scheme’s regions` });
  if (line.windowCode !== undefined && !windowCodes.includes(line.windowCode)) problems.push({ name: `${name}.windowCode`, reason: 'is not one of the scheme’s windows' });
  return problems;
}

async function checkRegions(em: EntityManager, regions: RegionDto[]): Promise<InvalidParam[]> {
  const problems: InvalidParam[] = [];
  const codes = new Set<string>();
  for (const [i, r] of regions.entries()) {
    if (codes.has(r.code)) problems.push({ name: `regions.${i}.code`, reason: `duplicates region ${r.code}` });
    codes.add(r.code);
    if (r.leadOrganisationId && !(await em.existsBy(OrganisationRecord, { id: r.leadOrganisationId }))) {
      problems.push({ name: `regions.${i}.leadOrganisationId`, reason: 'is not a registered organisation' });
    }
  }
  return problems;
}

function storedRegions(regions: RegionDto[]): StoredRegion[] {
  return regions.map((r) => ({ code: r.code, name: r.name, leadOrganisationId: r.leadOrganisationId ?? null }));
}

function rulesProblems(method: AllocationMethod, rules: SchemeRules, regions: string[], answersSchema: Record<string, unknown> | undefined): InvalidParam[] {
  const problems = checkRules(method, rules, regions);
  if (answersSchema !== undefined) {
    const reason = answersSchemaProblem(answersSchema);
    if (reason) problems.push({ name: 'answersSchema', reason });
  }
  return problems;
}

@Injectable()
export class CreateScheme {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, input: CreateSchemeDto): Promise<SchemeDto> {
    const rules = rulesFromInput(input);
    const regions = input.regions ?? [];
    const windows = input.windows ?? [];
    const lines = input.budgetLines ?? [];
    const regionCodes = regions.map((r) => r.code);
    const windowCodes = windows.map((w) => w.code);
    const problems = [
      ...rulesProblems(input.allocationMethod, rules, regionCodes, input.answersSchema),
      ...checkWindows(windows, 'windows'),
      ...lines.flatMap((l, i) => checkBudgetLine(l, `budgetLines.${i}`, regionCodes, windowCodes)),
    ];
    const lineCodes = new Set<string>();
    lines.forEach((l, i) => {
      if (lineCodes.has(l.code)) problems.push({ name: `budgetLines.${i}.code`, reason: `duplicates budget line ${l.code}` });
      lineCodes.add(l.code);
    });
    if (problems.length > 0) throw invalid('SCHEME.INVALID', problems);
    try {
      return await this.tx.run(async (tx) => {
        const regionProblems = await checkRegions(tx, regions);
        if (regionProblems.length > 0) throw invalid('SCHEME.INVALID', regionProblems);
        const scheme = await tx.save(
          tx.create(SchemeRecord, {
            code: input.code,
            title: input.title.trim(),
            legalBasis: input.legalBasis.trim(),
            allocationMethod: input.allocationMethod,
            regions: storedRegions(regions),
            rules: storeRules(rules),
            answersSchema: input.answersSchema ?? null,
            createdBy: ctx.actor.id,
          }),
        );
        const savedWindows = await tx.save(
          windows.map((w) => tx.create(SchemeWindowRecord, { schemeId: scheme.id, code: w.code, name: w.name, opensAt: parseMoment(w.opensAt), closesAt: parseMoment(w.closesAt) })),
        );
        const windowIds = new Map(savedWindows.map((w) => [w.code, w.id]));
        await tx.save(
          lines.map((l) =>
            tx.create(BudgetLineRecord, {
              schemeId: scheme.id,
              windowId: l.windowCode ? windowIds.get(l.windowCode)! : null,
              code: l.code,
              name: l.name,
              periodStart: l.periodStart,
              periodEnd: l.periodEnd,
              region: l.region ?? null,
              ceilingCents: parseAmount(l.ceiling)!,
            }),
          ),
        );
        if (ctx.actor.role === 'officer') await tx.insert(SchemeOfficerRecord, { schemeId: scheme.id, officerId: ctx.actor.id, addedBy: ctx.actor.id });
        await tx.query(`INSERT INTO receipt_counters (scheme_id) VALUES ($1)`, [scheme.id]);
        const view = await loadView(tx, scheme);
        await this.audit.record(tx, ctx, { action: 'scheme.created', entityType: 'scheme', entityId: scheme.id, before: null, after: view });
        return view;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'schemes_code_key')) throw conflict('SCHEME.CODE_TAKEN', `A scheme with code ${input.code} already exists.`);
      throw err;
    }
  }
}

/** The fields of a PATCH that Awb 4:26 fixes once a window has opened. */
const FIXED_FIELDS: (keyof UpdateSchemeDto)[] = [
  'allocationMethod',
  'regions',
  'eligibility',
  'criteria',
  'totalThreshold',
  'tieBreakRules',
  'crossingPolicy',
  'completionTermDays',
  'decisionTermWeeks',
  'advancePolicy',
  'coFinancingMaxPercentage',
  'reviewersPerApplication',
  'maxScoreSpread',
  'directDeterminationUpTo',
  'answersSchema',
];

@Injectable()
export class UpdateScheme {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  execute(ctx: RequestContext, id: string, input: UpdateSchemeDto, ifMatch: string | undefined): Promise<SchemeDto> {
    return this.tx.run(async (tx) => {
      const scheme = await lockScheme(tx, id);
      await assertSchemeOfficer(tx, ctx.actor, id);
      assertIfMatch(ifMatch, scheme.version);
      const before = await loadView(tx, scheme);
      const changedFixed = FIXED_FIELDS.filter((f) => input[f] !== undefined);
      if (before.rulesFixed && changedFixed.length > 0) {
        // Awb 4:26: the distribution rules are fixed once the ceiling is published and a window has opened.
        throw conflict('SCHEME.RULES_FIXED', `A window of this scheme has opened: ${changedFixed.join(', ')} can no longer change. Raise a ceiling through a ceiling amendment.`, {
          fields: changedFixed,
        });
      }
      const method = input.allocationMethod ?? scheme.allocationMethod;
      const rules = rulesAfterUpdate(loadRules(scheme.rules), input);
      const regions = input.regions ?? scheme.regions.map((r) => ({ ...r, leadOrganisationId: r.leadOrganisationId ?? undefined }));
      const problems = [
        ...rulesProblems(method, rules, regions.map((r) => r.code), input.answersSchema),
        ...(input.regions ? await checkRegions(tx, input.regions) : []),
      ];
      if (problems.length > 0) throw invalid('SCHEME.INVALID', problems);
      if (input.title !== undefined) scheme.title = input.title.trim();
      if (input.legalBasis !== undefined) scheme.legalBasis = input.legalBasis.trim();
      scheme.allocationMethod = method;
      scheme.rules = storeRules(rules);
      if (input.regions) scheme.regions = storedRegions(input.regions);
      if (input.answersSchema !== undefined) scheme.answersSchema = input.answersSchema;
      const saved = await tx.save(scheme);
      const after = await loadView(tx, saved);
      await this.audit.record(tx, ctx, { action: 'scheme.updated', entityType: 'scheme', entityId: id, before, after });
      return after;
    });
  }
}

@Injectable()
export class GetScheme {
  constructor(private readonly db: Database) {}

  async execute(id: string): Promise<SchemeDto> {
    const scheme = await this.db.manager.findOneBy(SchemeRecord, { id });
    if (!scheme) throw schemeNotFound(id);
    return loadView(this.db.manager, scheme);
  }
}

@Injectable()
export class ListSchemes {
  constructor(private readonly db: Database) {}

  async execute(query: SchemeQueryDto, selfHref: string): Promise<SchemePageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const qb = this.db.manager.createQueryBuilder(SchemeRecord, 's').orderBy('s.code', 'ASC').addOrderBy('s.id', 'ASC').limit(limit + 1);
    if (query.allocationMethod) qb.andWhere('s.allocation_method = :m', { m: query.allocationMethod });
    const cursor = decodeCursor(query.cursor, (c) => isUuid(c.id) && typeof c.v === 'string');
    if (cursor) qb.andWhere('(s.code, s.id) > (:v, :id)', { v: cursor.v, id: cursor.id });
    const rows = await qb.getMany();
    const ids = rows.map((r) => r.id);
    const [windows, lines] = ids.length
      ? await Promise.all([
          this.db.manager.createQueryBuilder(SchemeWindowRecord, 'w').where('w.scheme_id IN (:...ids)', { ids }).getMany(),
          this.db.manager.createQueryBuilder(BudgetLineRecord, 'b').where('b.scheme_id IN (:...ids)', { ids }).getMany(),
        ])
      : [[], []];
    const now = new Date();
    return toPage(rows, limit, selfHref, (r) => ({ v: r.code, id: r.id }), (r) =>
      schemeDto(r, windows.filter((w) => w.schemeId === r.id), lines.filter((l) => l.schemeId === r.id), now),
    );
  }
}

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
        const saved = await tx.save(
          tx.create(SchemeWindowRecord, { schemeId, code: input.code, name: input.name, opensAt: parseMoment(input.opensAt), closesAt: parseMoment(input.closesAt) }),
        );
        await bumpVersion(tx, schemeId);
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

/** A budget line is fixed once the window it serves (or, without one, any window) has opened. */
async function lineFixed(em: EntityManager, schemeId: string, windowId: string | null, now: Date): Promise<boolean> {
  const windows = await em.find(SchemeWindowRecord, { where: windowId ? { id: windowId } : { schemeId } });
  return rulesFixed(windows, now);
}

@Injectable()
export class AddBudgetLine {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
  ) {}

  async execute(ctx: RequestContext, schemeId: string, input: BudgetLineInputDto): Promise<BudgetLineDto> {
    try {
      return await this.tx.run(async (tx) => {
        const scheme = await lockScheme(tx, schemeId);
        await assertSchemeOfficer(tx, ctx.actor, schemeId);
        const windows = await tx.find(SchemeWindowRecord, { where: { schemeId } });
        const problems = checkBudgetLine(input, 'budgetLine', scheme.regions.map((r) => r.code), windows.map((w) => w.code)).map((p) => ({ ...p, name: p.name.replace('budgetLine.', '') }));
        if (problems.length > 0) throw invalid('SCHEME.INVALID_BUDGET_LINE', problems);
        const windowId = input.windowCode ? windows.find((w) => w.code === input.windowCode)!.id : null;
        if (await lineFixed(tx, schemeId, windowId, await databaseNow(tx))) {
          throw conflict('SCHEME.RULES_FIXED', 'The window this budget line would serve has opened: its ceilings are fixed (Awb 4:26).');
        }
        const saved = await tx.save(
          tx.create(BudgetLineRecord, {
            schemeId,
            windowId,
            code: input.code,
            name: input.name,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
            region: input.region ?? null,
            ceilingCents: parseAmount(input.ceiling)!,
          }),
        );
        await bumpVersion(tx, schemeId);
        const dto = budgetLineDto(saved);
        await this.audit.record(tx, ctx, { action: 'scheme.budget_line_added', entityType: 'budget_line', entityId: saved.id, before: null, after: dto });
        return dto;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'budget_lines_scheme_id_code_key')) throw conflict('SCHEME.BUDGET_LINE_CODE_TAKEN', `The scheme already has a budget line ${input.code}.`);
      throw err;
    }
  }
}

@Injectable()
export class AmendCeiling {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditTrail,
    private readonly ledger: BudgetLedger,
  ) {}

  execute(ctx: RequestContext, schemeId: string, lineId: string, input: CeilingAmendmentDto, ifMatch: string | undefined): Promise<BudgetLineDto> {
    return this.tx.run(async (tx) => {
      await lockScheme(tx, schemeId);
      await assertSchemeOfficer(tx, ctx.actor, schemeId);
      const line = await tx.findOne(BudgetLineRecord, { where: { id: lineId, schemeId }, lock: { mode: 'pessimistic_write' } });
      if (!line) throw notFound('BUDGET_LINE.NOT_FOUND', `No budget line ${lineId} in scheme ${schemeId}.`);
      assertIfMatch(ifMatch, line.version);
      const before = budgetLineDto(line);
      const next = parseAmount(input.ceiling)!;
      const fixed = await lineFixed(tx, schemeId, line.windowId, await databaseNow(tx));
      if (next === line.ceilingCents) {
        throw conflict('SCHEME.CEILING_UNCHANGED', `The ceiling is ${formatAmount(line.ceilingCents)} already.`);
      }
      if (next < line.awardedCents) {
        throw conflict('SCHEME.CEILING_BELOW_AWARDED', `${formatAmount(line.awardedCents)} has been awarded from this line already.`, {
          awarded: formatAmount(line.awardedCents),
        });
      }
      if (fixed && next < line.ceilingCents) {
        // Awb 4:26/4:27: once published and open, a ceiling may be raised, never lowered.
        throw conflict('SCHEME.CEILING_LOWERED', `The window has opened: the ceiling ${formatAmount(line.ceilingCents)} may only be raised.`, {
          currentCeiling: formatAmount(line.ceilingCents),
        });
      }
      await this.ledger.changeCeiling(tx, lineId, next);
      const saved = await tx.findOneByOrFail(BudgetLineRecord, { id: lineId });
      await bumpVersion(tx, schemeId);
      const after = budgetLineDto(saved);
      await this.audit.record(tx, ctx, {
        action: fixed ? 'budget_line.ceiling_raised' : 'budget_line.ceiling_changed',
        entityType: 'budget_line',
        entityId: lineId,
        before,
        after: { ...after, publication: input.publication, reason: input.reason ?? null },
      });
      return after;
    });
  }
}

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
      if (await tx.existsBy(SchemeOfficerRecord, { schemeId, officerId: input.officerId })) {
        throw conflict('SCHEME.OFFICER_ALREADY_ADDED', `${input.officerId} is already an officer of this scheme.`);
      }
      await tx.insert(SchemeOfficerRecord, { schemeId, officerId: input.officerId, addedBy: ctx.actor.id });
      await this.audit.record(tx, ctx, { action: 'scheme.officer_added', entityType: 'scheme', entityId: schemeId, before: null, after: { officerId: input.officerId } });
      return listOfficers(tx, schemeId);
    });
  }
}

async function listOfficers(em: EntityManager, schemeId: string): Promise<OfficerListDto> {
  const rows = await em.find(SchemeOfficerRecord, { where: { schemeId }, order: { officerId: 'ASC' } });
  return { items: rows.map((r) => ({ officerId: r.officerId, addedBy: r.addedBy, addedAt: r.addedAt.toISOString() })) };
}

@Injectable()
export class ListSchemeOfficers {
  constructor(private readonly db: Database) {}

  async execute(schemeId: string): Promise<OfficerListDto> {
    if (!(await this.db.manager.existsBy(SchemeRecord, { id: schemeId }))) throw schemeNotFound(schemeId);
    return listOfficers(this.db.manager, schemeId);
  }
}
