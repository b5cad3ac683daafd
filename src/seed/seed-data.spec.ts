import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { decisionDueOn } from '../applications/domain/decision-deadline';
import { parseAmount } from '../common/money/money';
import { formatAmsterdam } from '../common/time/amsterdam';
import { normaliseBrin, normaliseOrganisationIdentifier, validateBrin, validateOrganisationIdentifier } from '../organisations/domain/organisation-identifiers';
import { CreateOrganisationDto, CreateSchoolDto } from '../organisations';
import { answersSchemaProblem, CreateSchemeDto, rulesFromInput } from '../schemes';
import { checkRules } from '../schemes/domain/scheme-rules';
import {
  DU_YEARLY_CENTS,
  OCW_CEILING_CENTS,
  SCHOOL_BOARDS_BY_REGION,
  SECTORPLAN_REGIONS,
  SECTORPLAN_WINDOWS,
  SECTORPLANPLUS_TOTAL_CENTS,
  SEED_ORGANISATIONS,
  SEED_REGIONS,
  SEED_SCHOOLS,
  seedSchemes,
  type SeedSchemes,
} from './seed-data';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
// The options the API's validation pipe uses (common/http/validation.pipe.ts).
const PIPE_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

/** A stand-in for the ids the API hands out: a valid v4 UUID per key, stable across calls. */
const ids = new Map<string, string>();
function fakeId(key: string): string {
  if (!ids.has(key)) ids.set(key, `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, '0')}`);
  return ids.get(key)!;
}

const asked: string[] = [];
const schemes: SeedSchemes = seedSchemes((key) => {
  asked.push(key);
  return fakeId(key);
});
const ALL = Object.entries(schemes) as [keyof SeedSchemes, CreateSchemeDto][];

const cents = (amount: string) => {
  const c = parseAmount(amount);
  if (c === undefined) throw new Error(`not an amount: ${amount}`);
  return c;
};
const sum = (xs: readonly bigint[]) => xs.reduce((a, x) => a + x, 0n);
const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((c) => `${name}: ${c}`), ...flatten(e.children ?? [], name)];
  });
const dtoErrors = <T extends object>(cls: new () => T, plain: object) => flatten(validateSync(plainToInstance(cls, plain), PIPE_OPTIONS));
const duplicates = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

/**
 * What CreateScheme checks beyond the DTO and the rules (schemes/domain/scheme-setup-rules.ts,
 * stated again here on purpose): unique codes, windows that close after they open, budget lines
 * whose period, region and window make sense.
 */
function structureProblems(s: CreateSchemeDto): string[] {
  const problems: string[] = [];
  const regions = (s.regions ?? []).map((r) => r.code);
  const windows = s.windows ?? [];
  const lines = s.budgetLines ?? [];
  duplicates(regions).forEach((c) => problems.push(`duplicate region ${c}`));
  duplicates(windows.map((w) => w.code)).forEach((c) => problems.push(`duplicate window ${c}`));
  duplicates(lines.map((l) => l.code)).forEach((c) => problems.push(`duplicate budget line ${c}`));
  windows.forEach((w) => {
    if (new Date(w.closesAt) <= new Date(w.opensAt)) problems.push(`window ${w.code} closes before it opens`);
  });
  lines.forEach((l) => {
    if (l.periodEnd < l.periodStart) problems.push(`line ${l.code} ends before it starts`);
    if (l.region !== undefined && !regions.includes(l.region)) problems.push(`line ${l.code}: unknown region ${l.region}`);
    if (l.windowCode !== undefined && !windows.some((w) => w.code === l.windowCode)) problems.push(`line ${l.code}: unknown window ${l.windowCode}`);
  });
  return problems;
}

describe('seed organisations', () => {
  it('have unique keys', () => {
    expect(duplicates(SEED_ORGANISATIONS.map((o) => o.key))).toEqual([]);
  });

  it.each(SEED_ORGANISATIONS.map((o) => [o.key, o] as const))('%s has a valid, already normalised identifier', (_key, o) => {
    expect(normaliseOrganisationIdentifier(o.kind, o.identifier)).toBe(o.identifier);
    expect(validateOrganisationIdentifier(o.kind, o.identifier)).toBeNull();
  });

  it('have unique identifiers per kind', () => {
    for (const kind of new Set(SEED_ORGANISATIONS.map((o) => o.kind))) {
      expect(duplicates(SEED_ORGANISATIONS.filter((o) => o.kind === kind).map((o) => o.identifier))).toEqual([]);
    }
  });

  it('pass the create DTO once the key is left out', () => {
    for (const o of SEED_ORGANISATIONS) expect(dtoErrors(CreateOrganisationDto, { kind: o.kind, name: o.name, identifier: o.identifier })).toEqual([]);
  });

  it('count 9 municipalities, 14 regional employer organisations and the school boards', () => {
    const count = (kind: string) => SEED_ORGANISATIONS.filter((o) => o.kind === kind).length;
    expect(count('municipality')).toBe(9);
    expect(count('regional_employer_organisation')).toBe(14);
    expect(count('school_board')).toBe(Object.values(SCHOOL_BOARDS_BY_REGION).flat().length);
  });
});

describe('seed schools and school boards', () => {
  const kindOf = new Map(SEED_ORGANISATIONS.map((o) => [o.key, o.kind]));

  it('every school has a valid, unique BRIN and belongs to a seeded school board', () => {
    expect(duplicates(SEED_SCHOOLS.map((s) => s.brin))).toEqual([]);
    for (const s of SEED_SCHOOLS) {
      expect(normaliseBrin(s.brin)).toBe(s.brin);
      expect(validateBrin(s.brin)).toBeNull();
      expect(kindOf.get(s.organisationKey)).toBe('school_board');
      expect(dtoErrors(CreateSchoolDto, { brin: s.brin, name: s.name })).toEqual([]);
    }
  });

  it('every school board has a school and lies in exactly one of the nine regions, which have 3–6 boards each', () => {
    expect(Object.keys(SCHOOL_BOARDS_BY_REGION).sort()).toEqual(SEED_REGIONS.map((r) => r.code).sort());
    const boards = Object.values(SCHOOL_BOARDS_BY_REGION).flat();
    expect(duplicates(boards)).toEqual([]);
    for (const list of Object.values(SCHOOL_BOARDS_BY_REGION)) {
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(6);
    }
    for (const key of boards) {
      expect(kindOf.get(key)).toBe('school_board');
      expect(SEED_SCHOOLS.some((s) => s.organisationKey === key)).toBe(true);
    }
    expect(SEED_ORGANISATIONS.filter((o) => o.kind === 'school_board').every((o) => boards.includes(o.key))).toBe(true);
  });
});

describe('seed regions', () => {
  const byKey = new Map(SEED_ORGANISATIONS.map((o) => [o.key, o]));

  it('the nine DU regions each have a distinct municipality as lead', () => {
    expect(SEED_REGIONS).toHaveLength(9);
    expect(duplicates(SEED_REGIONS.map((r) => r.code))).toEqual([]);
    expect(duplicates(SEED_REGIONS.map((r) => r.leadOrganisationKey))).toEqual([]);
    for (const r of SEED_REGIONS) {
      expect(r.code).toMatch(CODE);
      expect(byKey.get(r.leadOrganisationKey)?.kind).toBe('municipality');
    }
  });

  it('have the centrumgemeenten of the seed document', () => {
    const gm = Object.fromEntries(SEED_REGIONS.map((r) => [r.code, byKey.get(r.leadOrganisationKey)!.identifier]));
    expect(gm).toEqual({
      ACHTERHOEK: 'GM0222',
      EEMSDELTA: 'GM1979',
      'HET-HOGELAND': 'GM1966',
      'MAASTRICHT-HEUVELLAND': 'GM0935',
      'NOORDOOST-FRYSLAN': 'GM1891',
      'OOST-GRONINGEN': 'GM1895',
      'PARKSTAD-LIMBURG': 'GM0917',
      'WESTELIJKE-MIJNSTREEK': 'GM1883',
      'ZEEUWS-VLAANDEREN': 'GM0715',
    });
  });

  it('the 14 Sectorplanplus regions each have their own regional employer organisation', () => {
    expect(SECTORPLAN_REGIONS).toHaveLength(14);
    expect(duplicates(SECTORPLAN_REGIONS.map((r) => r.code))).toEqual([]);
    expect(duplicates(SECTORPLAN_REGIONS.map((r) => r.employerOrganisationKey))).toEqual([]);
    for (const r of SECTORPLAN_REGIONS) {
      expect(r.code).toMatch(CODE);
      expect(byKey.get(r.employerOrganisationKey)?.kind).toBe('regional_employer_organisation');
    }
  });
});

describe('seed schemes', () => {
  it.each(ALL)('%s passes the create DTO as the API validates it', (_name, scheme) => {
    expect(dtoErrors(CreateSchemeDto, scheme)).toEqual([]);
  });

  it.each(ALL)('%s has consistent rules and a usable answers schema', (_name, scheme) => {
    const rules = rulesFromInput(scheme);
    expect(checkRules(scheme.allocationMethod, rules, (scheme.regions ?? []).map((r) => r.code))).toEqual([]);
    if (scheme.answersSchema) expect(answersSchemaProblem(scheme.answersSchema)).toBeUndefined();
  });

  it.each(ALL)('%s has unique codes and sensible windows and budget lines', (_name, scheme) => {
    expect(structureProblems(scheme)).toEqual([]);
  });

  it.each(ALL)('%s writes its window moments in Amsterdam time with the right offset for the date', (_name, scheme) => {
    for (const w of scheme.windows ?? []) {
      expect(formatAmsterdam(new Date(w.opensAt))).toBe(w.opensAt);
      expect(formatAmsterdam(new Date(w.closesAt))).toBe(w.closesAt);
    }
  });

  it('asks ids only for the regions\' lead organisations: the nine centrumgemeenten on the DU regions, the 14 regional employer organisations on the Sectorplanplus regions', () => {
    expect([...new Set(asked)].sort()).toEqual([...SEED_REGIONS.map((r) => r.leadOrganisationKey), ...SECTORPLAN_REGIONS.map((r) => r.employerOrganisationKey)].sort());
    expect(schemes.du.regions!.map((r) => [r.code, r.leadOrganisationId])).toEqual(SEED_REGIONS.map((r) => [r.code, fakeId(r.leadOrganisationKey)]));
    expect(schemes.sectorplanplus.regions!.map((r) => [r.code, r.leadOrganisationId])).toEqual(SECTORPLAN_REGIONS.map((r) => [r.code, fakeId(r.employerOrganisationKey)]));
  });

  it('returns fresh objects on every call, so a caller may change them', () => {
    const a = seedSchemes(fakeId);
    a.ocw.criteria!.pop();
    (a.ocw.answersSchema!.required as string[]).pop();
    const b = seedSchemes(fakeId);
    expect(b.ocw).toEqual(schemes.ocw);
  });

  describe('OCW', () => {
    const ocw = schemes.ocw;

    it('is the ranked OCW scheme with one ceiling of EUR 23 million for 2021', () => {
      expect(ocw).toMatchObject({ code: 'OCW-LLD-VO-2021', legalBasis: 'Stcrt. 2020, nr. 23802', allocationMethod: 'ranked' });
      expect(ocw.regions!.map((r) => r.code)).toEqual(SEED_REGIONS.map((r) => r.code));
      expect(ocw.regions!.every((r) => r.leadOrganisationId === undefined)).toBe(true);
      expect(ocw.budgetLines).toHaveLength(1);
      expect(cents(ocw.budgetLines![0].ceiling)).toBe(OCW_CEILING_CENTS);
      expect(OCW_CEILING_CENTS).toBe(2_300_000_000n);
      expect(ocw.criteria).toHaveLength(4);
    });

    it('lets the decisions in August 2021 fall within the decision term of the earliest application', () => {
      const [window] = ocw.windows!;
      const due = decisionDueOn(new Date(window.opensAt), ocw.decisionTermWeeks!);
      expect(due.startsWith('2021-08-')).toBe(true);
    });
  });

  describe('DU Bevolkingsdaling', () => {
    const du = schemes.du;

    it('has five yearly lines of EUR 11.2 million for 2016–2020, one window and no criteria', () => {
      expect(du).toMatchObject({ code: 'DU-BEVOLKINGSDALING', allocationMethod: 'formula' });
      expect(du.criteria ?? []).toEqual([]);
      expect(du.windows).toHaveLength(1);
      const lines = du.budgetLines!;
      expect(lines.map((l) => [l.periodStart, l.periodEnd])).toEqual([2016, 2017, 2018, 2019, 2020].map((y) => [`${y}-01-01`, `${y}-12-31`]));
      lines.forEach((l) => expect(cents(l.ceiling)).toBe(1_120_000_000n));
      expect(DU_YEARLY_CENTS).toBe(1_120_000_000n);
      expect(sum(lines.map((l) => cents(l.ceiling)))).toBe(5n * 1_120_000_000n);
    });
  });

  describe('Sectorplanplus', () => {
    const spp = schemes.sectorplanplus;
    const lines = spp.budgetLines!;

    it('splits exactly EUR 420 million over its lines', () => {
      expect(SECTORPLANPLUS_TOTAL_CENTS).toBe(42_000_000_000n);
      expect(sum(lines.map((l) => cents(l.ceiling)))).toBe(42_000_000_000n);
    });

    it('has one line per window and region, each with a positive ceiling', () => {
      const windows = spp.windows!.map((w) => w.code);
      expect(windows.length).toBeGreaterThanOrEqual(2);
      expect(windows.length).toBeLessThanOrEqual(3);
      expect(windows).toEqual(SECTORPLAN_WINDOWS.map((w) => w.code));
      const pairs = lines.map((l) => `${l.windowCode}/${l.region}`);
      expect(new Set(pairs)).toEqual(new Set(windows.flatMap((w) => SECTORPLAN_REGIONS.map((r) => `${w}/${r.code}`))));
      expect(pairs).toHaveLength(windows.length * 14);
      lines.forEach((l) => expect(cents(l.ceiling)).toBeGreaterThan(0n));
    });

    it('gives each window its share of the total', () => {
      const weightSum = sum(SECTORPLAN_WINDOWS.map((w) => w.weight));
      for (const w of SECTORPLAN_WINDOWS) {
        const windowTotal = sum(lines.filter((l) => l.windowCode === w.code).map((l) => cents(l.ceiling)));
        // Here the quotas are whole cents, so the split is exact.
        expect(windowTotal * weightSum).toBe(SECTORPLANPLUS_TOTAL_CENTS * w.weight);
      }
    });

    it('is limited to one application per region per window, with 50% co-financing', () => {
      expect(spp.eligibility).toMatchObject({ organisationKinds: ['regional_employer_organisation'], limitPerWindow: 'region' });
      expect(spp.coFinancingMaxPercentage).toBe(50);
      expect(spp.regions!.map((r) => r.code)).toEqual(SECTORPLAN_REGIONS.map((r) => r.code));
    });

    it('advances at most 75% of an award (SectorplanPlus bevoorschottingsbeleid) and determines small awards at once', () => {
      expect(spp.advancePolicy).toEqual({ percentage: 75, instalments: 1 });
      expect(spp.directDeterminationUpTo).toBe('25000.00');
    });
  });
});
