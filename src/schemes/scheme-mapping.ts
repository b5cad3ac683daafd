import { formatAmount, parseAmount } from '../common/money/money';
import { formatAmsterdam } from '../common/time/amsterdam';
import {
  DEFAULT_COMPLETION_TERM_DAYS,
  DEFAULT_DECISION_TERM_WEEKS,
  type CrossingPolicy,
  type LimitPerWindow,
  type SchemeRules,
  type TieBreakRuleKind,
} from './domain/scheme-rules';
import type { CreateSchemeDto } from './dto/scheme-input.dto';
import type { BudgetLineDto, OfficerListDto, SchemeDto, WindowDto } from './dto/scheme-views.dto';
import type { UpdateSchemeDto } from './dto/update-scheme.dto';
import { windowsOpened } from './domain/scheme-setup-rules';
import type { BudgetLineRecord, SchemeOfficerRecord, SchemeRecord, SchemeWindowRecord, StoredRules } from './persistence/scheme.entity';

const cents = (amount: string | undefined) => (amount === undefined ? null : parseAmount(amount)!);

/** The rules a create request states, with the scheme defaults filled in. */
export function rulesFromInput(input: CreateSchemeDto): SchemeRules {
  return {
    eligibility: {
      organisationKinds: [...new Set(input.eligibility.organisationKinds)],
      minRequestedCents: cents(input.eligibility.minRequestedAmount),
      maxRequestedCents: cents(input.eligibility.maxRequestedAmount),
      limitPerWindow: input.eligibility.limitPerWindow ?? 'none',
      leadApplicant: input.eligibility.leadApplicant ?? false,
    },
    criteria: (input.criteria ?? []).map((c) => ({ ...c, threshold: c.threshold ?? null })),
    totalThreshold: input.totalThreshold ?? null,
    tieBreakRules: (input.tieBreakRules ?? []).map((t) => (t.criterion === undefined ? { rule: t.rule } : { rule: t.rule, criterion: t.criterion })),
    crossingPolicy: input.crossingPolicy ?? 'partial_award',
    completionTermDays: input.completionTermDays ?? DEFAULT_COMPLETION_TERM_DAYS,
    decisionTermWeeks: input.decisionTermWeeks ?? DEFAULT_DECISION_TERM_WEEKS,
    advancePolicy: input.advancePolicy ?? { percentage: 100, instalments: 1 },
    coFinancingMaxPercentage: input.coFinancingMaxPercentage ?? null,
    reviewersPerApplication: input.reviewersPerApplication ?? 3,
    maxScoreSpread: input.maxScoreSpread ?? null,
    directDeterminationUpToCents: cents(input.directDeterminationUpTo),
  };
}

/** The rules after a PATCH: fields it names replace the stored ones. */
export function rulesAfterUpdate(current: SchemeRules, input: UpdateSchemeDto): SchemeRules {
  const next = rulesFromInput({
    eligibility: input.eligibility ?? {
      organisationKinds: current.eligibility.organisationKinds,
      minRequestedAmount: current.eligibility.minRequestedCents === null ? undefined : formatAmount(current.eligibility.minRequestedCents),
      maxRequestedAmount: current.eligibility.maxRequestedCents === null ? undefined : formatAmount(current.eligibility.maxRequestedCents),
      limitPerWindow: current.eligibility.limitPerWindow,
      leadApplicant: current.eligibility.leadApplicant,
    },
    criteria: input.criteria ?? current.criteria.map((c) => ({ ...c, threshold: c.threshold ?? undefined })),
    totalThreshold: input.totalThreshold ?? current.totalThreshold ?? undefined,
    tieBreakRules: input.tieBreakRules ?? current.tieBreakRules,
    crossingPolicy: input.crossingPolicy ?? current.crossingPolicy,
    completionTermDays: input.completionTermDays ?? current.completionTermDays,
    decisionTermWeeks: input.decisionTermWeeks ?? current.decisionTermWeeks,
    advancePolicy: input.advancePolicy ?? current.advancePolicy,
    coFinancingMaxPercentage: input.coFinancingMaxPercentage ?? current.coFinancingMaxPercentage ?? undefined,
    reviewersPerApplication: input.reviewersPerApplication ?? current.reviewersPerApplication,
    maxScoreSpread: input.maxScoreSpread ?? current.maxScoreSpread ?? undefined,
    directDeterminationUpTo:
      input.directDeterminationUpTo ?? (current.directDeterminationUpToCents === null ? undefined : formatAmount(current.directDeterminationUpToCents)),
  } as CreateSchemeDto);
  return next;
}

export function storeRules(rules: SchemeRules): StoredRules {
  return {
    ...rules,
    eligibility: {
      ...rules.eligibility,
      minRequestedCents: rules.eligibility.minRequestedCents?.toString() ?? null,
      maxRequestedCents: rules.eligibility.maxRequestedCents?.toString() ?? null,
    },
    directDeterminationUpToCents: rules.directDeterminationUpToCents?.toString() ?? null,
  };
}

export function loadRules(stored: StoredRules): SchemeRules {
  return {
    ...stored,
    eligibility: {
      ...stored.eligibility,
      limitPerWindow: stored.eligibility.limitPerWindow as LimitPerWindow,
      minRequestedCents: stored.eligibility.minRequestedCents === null ? null : BigInt(stored.eligibility.minRequestedCents),
      maxRequestedCents: stored.eligibility.maxRequestedCents === null ? null : BigInt(stored.eligibility.maxRequestedCents),
    },
    tieBreakRules: stored.tieBreakRules.map((t) => ({ ...t, rule: t.rule as TieBreakRuleKind })),
    crossingPolicy: stored.crossingPolicy as CrossingPolicy,
    maxScoreSpread: stored.maxScoreSpread ?? null,
    directDeterminationUpToCents: stored.directDeterminationUpToCents ? BigInt(stored.directDeterminationUpToCents) : null,
  };
}

export function windowDto(w: SchemeWindowRecord): WindowDto {
  return { id: w.id, code: w.code, name: w.name, opensAt: formatAmsterdam(w.opensAt), closesAt: formatAmsterdam(w.closesAt) };
}

export function budgetLineDto(b: BudgetLineRecord): BudgetLineDto {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    periodStart: b.periodStart,
    periodEnd: b.periodEnd,
    region: b.region,
    windowId: b.windowId,
    ceiling: formatAmount(b.ceilingCents),
    awarded: formatAmount(b.awardedCents ?? 0n),
    version: b.version,
  };
}

/** Whether the rules are fixed (Awb 4:26): some window has opened. */
export function rulesFixed(windows: SchemeWindowRecord[], now: Date): boolean {
  return windowsOpened(windows, now);
}

export function schemeDto(s: SchemeRecord, windows: SchemeWindowRecord[], lines: BudgetLineRecord[], now: Date): SchemeDto {
  const rules = loadRules(s.rules);
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    legalBasis: s.legalBasis,
    allocationMethod: s.allocationMethod,
    regions: s.regions.map((r) => ({ code: r.code, name: r.name, leadOrganisationId: r.leadOrganisationId })),
    eligibility: {
      organisationKinds: rules.eligibility.organisationKinds,
      minRequestedAmount: rules.eligibility.minRequestedCents === null ? null : formatAmount(rules.eligibility.minRequestedCents),
      maxRequestedAmount: rules.eligibility.maxRequestedCents === null ? null : formatAmount(rules.eligibility.maxRequestedCents),
      limitPerWindow: rules.eligibility.limitPerWindow,
      leadApplicant: rules.eligibility.leadApplicant,
    },
    criteria: rules.criteria,
    totalThreshold: rules.totalThreshold,
    tieBreakRules: rules.tieBreakRules,
    crossingPolicy: rules.crossingPolicy,
    completionTermDays: rules.completionTermDays,
    decisionTermWeeks: rules.decisionTermWeeks,
    advancePolicy: rules.advancePolicy,
    coFinancingMaxPercentage: rules.coFinancingMaxPercentage,
    reviewersPerApplication: rules.reviewersPerApplication,
    maxScoreSpread: rules.maxScoreSpread,
    directDeterminationUpTo: rules.directDeterminationUpToCents === null ? null : formatAmount(rules.directDeterminationUpToCents),
    answersSchema: s.answersSchema,
    debtorAccount: s.debtorIban === null ? null : { iban: s.debtorIban, bic: s.debtorBic, name: s.debtorName ?? '' },
    windows: [...windows].sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime() || a.code.localeCompare(b.code)).map(windowDto),
    budgetLines: [...lines].sort((a, b) => a.code.localeCompare(b.code)).map(budgetLineDto),
    rulesFixed: rulesFixed(windows, now),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
  };
}

export function officerList(rows: SchemeOfficerRecord[]): OfficerListDto {
  return { items: rows.map((r) => ({ officerId: r.officerId, addedBy: r.addedBy, addedAt: r.addedAt.toISOString() })) };
}
