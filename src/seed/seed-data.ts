/**
 * The seed document (a 2021 cabinet letter on regions with a declining population)
 * as data: the organisations, regions and the three schemes it describes, in the
 * shapes the API takes (CreateOrganisationDto, CreateSchemeDto), so a seeder can
 * post them as they are and the tests can validate them the way the API would.
 *
 * Plain TypeScript: the DTO imports are type-only and vanish at run time.
 *
 * What is real: the nine DU Bevolkingsdaling regions and their centrumgemeenten
 * (with their CBS codes), the amounts (EUR 11.2 million a year 2016–2020, EUR 23
 * million for OCW against EUR 29.5 million asked, EUR 420 million for
 * Sectorplanplus), the OCW legal basis. What is illustrative: the school boards,
 * their bestuursnummers and schools (BRIN), the regional employer organisations'
 * names and KvK numbers, the Sectorplanplus regions' split of the money, and the
 * window dates. They pass the identifier format checks, not the real registers.
 */
import { formatAmount, type Cents } from '../common/money/money';
import type { CreateOrganisationDto, OrganisationKind } from '../organisations';
import type { BudgetLineInputDto, CreateSchemeDto, CriterionDto, RegionDto, WindowInputDto } from '../schemes';
import { splitByLargestRemainder } from '../common/money/largest-remainder';

// ---------------------------------------------------------------- organisations

/** An organisation as POST /organisations takes it, plus a stable key to refer to it before it has an id. */
export interface SeedOrganisation extends CreateOrganisationDto {
  key: string;
}

/** A school (BRIN) of a seeded school board, in the shape of CreateSchoolDto plus its board's key. */
export interface SeedSchool {
  organisationKey: string;
  brin: string;
  name: string;
}

/** A DU Bevolkingsdaling region: its centrumgemeente receives the region's share. */
export interface SeedRegion {
  code: string;
  name: string;
  leadOrganisationKey: string;
}

/** A Sectorplanplus region, run by one regional employer organisation (RegioPlus member). */
export interface SectorplanRegion {
  code: string;
  name: string;
  employerOrganisationKey: string;
}

const org = (kind: OrganisationKind, key: string, name: string, identifier: string): SeedOrganisation => ({ key, kind, name, identifier });

/**
 * The nine DU Bevolkingsdaling regions with their centrumgemeenten. The CBS codes
 * are today's: Het Hogeland (GM1966) exists since 2019 and Eemsdelta (GM1979) since
 * 2021, so during 2016–2020 the payments went to their predecessors; the seed keeps
 * one organisation per region for simplicity.
 */
const CENTRUMGEMEENTEN: readonly (readonly [region: string, regionName: string, key: string, name: string, gm: string])[] = [
  ['ACHTERHOEK', 'Achterhoek', 'gm-doetinchem', 'Gemeente Doetinchem', 'GM0222'],
  ['EEMSDELTA', 'Eemsdelta', 'gm-eemsdelta', 'Gemeente Eemsdelta', 'GM1979'],
  ['HET-HOGELAND', 'Het Hogeland', 'gm-het-hogeland', 'Gemeente Het Hogeland', 'GM1966'],
  ['MAASTRICHT-HEUVELLAND', 'Maastricht-Heuvelland', 'gm-maastricht', 'Gemeente Maastricht', 'GM0935'],
  // Codes are ASCII only: Fryslân becomes FRYSLAN in the code, not in the name.
  ['NOORDOOST-FRYSLAN', 'Noordoost-Fryslân', 'gm-dantumadiel', 'Gemeente Dantumadiel', 'GM1891'],
  ['OOST-GRONINGEN', 'Oost-Groningen', 'gm-oldambt', 'Gemeente Oldambt', 'GM1895'],
  ['PARKSTAD-LIMBURG', 'Parkstad Limburg', 'gm-heerlen', 'Gemeente Heerlen', 'GM0917'],
  ['WESTELIJKE-MIJNSTREEK', 'Westelijke Mijnstreek', 'gm-sittard-geleen', 'Gemeente Sittard-Geleen', 'GM1883'],
  ['ZEEUWS-VLAANDEREN', 'Zeeuws-Vlaanderen', 'gm-terneuzen', 'Gemeente Terneuzen', 'GM0715'],
];

export const SEED_REGIONS: readonly SeedRegion[] = CENTRUMGEMEENTEN.map(([code, name, leadOrganisationKey]) => ({ code, name, leadOrganisationKey }));

/**
 * Sectorplanplus regions and their regional employer organisations.
 * ILLUSTRATIVE: the names are RegioPlus-style, the KvK numbers invented (their first
 * two digits follow the old chamber-of-commerce numbering of the region, nothing
 * more). `weight` is the region's relative size of the care and welfare workforce,
 * used only to split the money; it is invented too.
 */
const EMPLOYER_ORGANISATIONS: readonly (readonly [region: string, regionName: string, key: string, name: string, kvk: string, weight: bigint])[] = [
  ['NOORD-NEDERLAND', 'Noord-Nederland', 'reo-zorgpleinnoord', 'Stichting ZorgpleinNoord', '02091234', 165n],
  ['OVERIJSSEL', 'Overijssel', 'reo-wgv-zorg-welzijn', 'Werkgeversvereniging Zorg en Welzijn Overijssel', '06054321', 95n],
  ['GELDERLAND-OOST', 'Gelderland-Oost', 'reo-gelderland-oost', 'Stichting Zorg en Welzijn Werkgevers Gelderland-Oost', '09123456', 80n],
  ['GELDERLAND-ZUID', 'Gelderland-Zuid', 'reo-gelderland-zuid', 'Werkgeversvereniging Zorg Gelderland-Zuid', '10234567', 70n],
  ['UTRECHT', 'Utrecht', 'reo-utrechtzorg', 'Stichting Utrechtzorg', '30123456', 110n],
  ['FLEVOLAND', 'Flevoland', 'reo-flevoland', 'Stichting Zorgpact Flevoland', '39012345', 30n],
  ['NOORD-HOLLAND-NOORD', 'Noord-Holland Noord', 'reo-nhn', 'Stichting Zorgwerkgevers Noord-Holland Noord', '37123456', 55n],
  ['AMSTERDAM', 'Groot-Amsterdam', 'reo-amsterdam', 'Werkgeversvereniging Zorg Groot-Amsterdam', '34123456', 140n],
  ['HOLLAND-RIJNLAND', 'Holland Rijnland', 'reo-holland-rijnland', 'Stichting Zorgpact Holland Rijnland', '28123456', 60n],
  ['HAAGLANDEN', 'Haaglanden', 'reo-haaglanden', 'Werkgeversvereniging Zorg Haaglanden', '27123456', 85n],
  ['RIJNMOND', 'Rijnmond', 'reo-rijnmond', 'Stichting Zorgwerkgevers Rijnmond', '24123456', 130n],
  ['ZEELAND', 'Zeeland', 'reo-zeeland', 'Stichting Zorgpact Zeeland', '22012345', 30n],
  ['NOORD-BRABANT', 'Noord-Brabant', 'reo-transvorm', 'Stichting Transvorm', '17123456', 225n],
  ['LIMBURG', 'Limburg', 'reo-limburg', 'Stichting Zorgwerkgevers Limburg', '14012345', 110n],
];

export const SECTORPLAN_REGIONS: readonly SectorplanRegion[] = EMPLOYER_ORGANISATIONS.map(([code, name, employerOrganisationKey]) => ({ code, name, employerOrganisationKey }));

/**
 * School boards in the nine regions, for the OCW round. ILLUSTRATIVE: names,
 * bestuursnummers and BRIN codes are invented. A bestuursnummer is 5 digits
 * (no check digit in the validator); here the first three digits number the
 * region, so they are unique by construction. A BRIN is 2 digits + 2 letters;
 * the letters name the region, so those are unique by construction too.
 */
type BoardRow = readonly [key: string, name: string, bestuursnummer: string, schools: readonly (readonly [brin: string, name: string])[]];

const SCHOOL_BOARD_ROWS: Readonly<Record<string, readonly BoardRow[]>> = {
  ACHTERHOEK: [
    ['sb-vo-achterhoek', 'Stichting Voortgezet Onderwijs Achterhoek', '40701', [['20AC', 'Doetinchems College'], ['21AC', 'Slingecollege Doetinchem']]],
    ['sb-winterswijk', 'Stichting Openbaar Voortgezet Onderwijs Winterswijk', '40702', [['22AC', 'Scholengemeenschap Winterswijk']]],
    ['sb-oost-achterhoek', 'Stichting Katholiek Onderwijs Oost-Achterhoek', '40703', [['23AC', 'Sint-Bernardus College Groenlo']]],
    ['sb-berkelland', 'Stichting Scholengroep Berkelland', '40704', [['24AC', 'Berkelcollege Eibergen']]],
    ['sb-oude-ijsselstreek', 'Stichting Voortgezet Onderwijs Oude IJsselstreek', '40705', [['25AC', 'IJsselcollege Ulft']]],
  ],
  EEMSDELTA: [
    ['sb-vo-eemsdelta', 'Stichting Voortgezet Onderwijs Eemsdelta', '41101', [['10ED', 'Eemscollege Delfzijl']]],
    ['sb-appingedam', 'Stichting Christelijk Voortgezet Onderwijs Appingedam', '41102', [['11ED', 'Damster Lyceum Appingedam']]],
    ['sb-fivelingo', 'Stichting Openbaar Onderwijs Fivelingo', '41103', [['12ED', 'Fivelcollege Loppersum']]],
    ['sb-praktijk-eemsdelta', 'Stichting Praktijkonderwijs Eemsdelta', '41104', [['13ED', 'Praktijkschool Delfzijl']]],
  ],
  'HET-HOGELAND': [
    ['sb-vo-hogeland', 'Stichting Voortgezet Onderwijs Het Hogeland', '41301', [['10HH', 'Hogeland College Warffum'], ['11HH', 'Hogeland College Uithuizen']]],
    ['sb-winsum', 'Stichting Openbaar Voortgezet Onderwijs Winsum', '41302', [['12HH', 'Winsumer Scholengemeenschap']]],
    ['sb-bedum', 'Stichting Christelijk Onderwijs Bedum', '41303', [['13HH', 'Walfridus College Bedum']]],
    ['sb-marne', 'Stichting Voortgezet Onderwijs De Marne', '41304', [['14HH', 'Marnecollege Leens']]],
  ],
  'MAASTRICHT-HEUVELLAND': [
    ['sb-lvo-maastricht', 'Stichting Limburgs Voortgezet Onderwijs Maastricht', '41501', [['20MH', 'Bonnefanten Lyceum'], ['21MH', 'Jekerdal College']]],
    ['sb-heuvelland', 'Stichting Voortgezet Onderwijs Heuvelland', '41502', [['22MH', 'Heuvellandcollege Gulpen']]],
    ['sb-valkenburg', 'Stichting Katholiek Onderwijs Valkenburg', '41503', [['23MH', 'Geulcollege Valkenburg']]],
    ['sb-eijsden-margraten', 'Stichting Voortgezet Onderwijs Eijsden-Margraten', '41504', [['24MH', 'Maasdal College Eijsden']]],
    ['sb-praktijk-heuvelland', 'Stichting Praktijkonderwijs Maastricht-Heuvelland', '41505', [['25MH', 'Praktijkschool Meerssen']]],
  ],
  'NOORDOOST-FRYSLAN': [
    ['sb-vo-noordoost-fryslan', 'Stichting Voortgezet Onderwijs Noordoost-Fryslân', '41701', [['30NF', 'Bonifatius Lyceum Dokkum']]],
    ['sb-dantumadiel', 'Stichting Openbaar Onderwijs Dantumadiel', '41702', [['31NF', 'Damwâld College']]],
    ['sb-kollum', 'Stichting Christelijk Voortgezet Onderwijs Kollum', '41703', [['32NF', 'Lauwerscollege Kollum']]],
    ['sb-achtkarspelen', 'Stichting Voortgezet Onderwijs Achtkarspelen', '41704', [['33NF', 'Buitenposter Scholengemeenschap']]],
    ['sb-tytsjerksteradiel', 'Stichting Voortgezet Onderwijs Tytsjerksteradiel', '41705', [['34NF', 'Burgumer Lyceum']]],
  ],
  'OOST-GRONINGEN': [
    ['sb-vo-oost-groningen', 'Stichting Voortgezet Onderwijs Oost-Groningen', '41901', [['40OG', 'Winschoter Scholengemeenschap'], ['41OG', 'Oldambt Lyceum Winschoten']]],
    ['sb-veendam', 'Stichting Openbaar Voortgezet Onderwijs Veendam', '41902', [['42OG', 'Veenkoloniaal College Veendam']]],
    ['sb-pekela', 'Stichting Christelijk Onderwijs Pekela', '41903', [['43OG', 'Pekelder Scholengemeenschap']]],
    ['sb-stadskanaal', 'Stichting Voortgezet Onderwijs Stadskanaal', '41904', [['44OG', 'Kanaalcollege Stadskanaal']]],
    ['sb-westerwolde', 'Stichting Onderwijs Westerwolde', '41905', [['45OG', 'Ter Apeler College']]],
    ['sb-praktijk-oost-groningen', 'Stichting Praktijkonderwijs Oost-Groningen', '41906', [['46OG', 'Praktijkschool Oldambt']]],
  ],
  'PARKSTAD-LIMBURG': [
    ['sb-vo-parkstad', 'Stichting Voortgezet Onderwijs Parkstad', '42101', [['50PL', 'Heerlens Lyceum'], ['51PL', 'Valkenhuizen College Heerlen']]],
    ['sb-kerkrade', 'Stichting Openbaar Voortgezet Onderwijs Kerkrade', '42102', [['52PL', 'Kerkraads College']]],
    ['sb-landgraaf', 'Stichting Katholiek Voortgezet Onderwijs Landgraaf', '42103', [['53PL', 'Schaesberg College Landgraaf']]],
    ['sb-brunssum', 'Stichting Voortgezet Onderwijs Brunssum', '42104', [['54PL', 'Brunssums Lyceum']]],
    ['sb-voerendaal', 'Stichting Onderwijs Voerendaal-Simpelveld', '42105', [['55PL', 'Caumer College Voerendaal']]],
    ['sb-praktijk-parkstad', 'Stichting Praktijkonderwijs Parkstad', '42106', [['56PL', 'Praktijkschool Parkstad Kerkrade']]],
  ],
  'WESTELIJKE-MIJNSTREEK': [
    ['sb-vo-westelijke-mijnstreek', 'Stichting Voortgezet Onderwijs Westelijke Mijnstreek', '42301', [['60WM', 'Sittards Lyceum'], ['61WM', 'Geleens College']]],
    ['sb-stein', 'Stichting Katholiek Voortgezet Onderwijs Stein', '42302', [['62WM', 'Maaskant College Stein']]],
    ['sb-beek', 'Stichting Voortgezet Onderwijs Beek', '42303', [['63WM', 'Beekdal College Beek']]],
    ['sb-born', 'Stichting Openbaar Onderwijs Born', '42304', [['64WM', 'Graetheide College Born']]],
    ['sb-praktijk-westelijke-mijnstreek', 'Stichting Praktijkonderwijs Westelijke Mijnstreek', '42305', [['65WM', 'Praktijkschool Sittard']]],
  ],
  'ZEEUWS-VLAANDEREN': [
    ['sb-vo-zeeuws-vlaanderen', 'Stichting Voortgezet Onderwijs Zeeuws-Vlaanderen', '42501', [['70ZV', 'Scheldecollege Terneuzen'], ['71ZV', 'Zeeuws-Vlaams Lyceum']]],
    ['sb-hulst', 'Stichting Katholiek Onderwijs Hulst', '42502', [['72ZV', 'Hulster Scholengemeenschap']]],
    ['sb-west-zeeuws-vlaanderen', 'Stichting Openbaar Voortgezet Onderwijs West-Zeeuws-Vlaanderen', '42503', [['73ZV', 'Oostburgs College']]],
    ['sb-kanaalzone', 'Stichting Voortgezet Onderwijs Kanaalzone', '42504', [['74ZV', 'Kanaalzone College Sas van Gent']]],
  ],
};

/** The school boards (keys) of each region, in a fixed order: the OCW round draws from them. */
export const SCHOOL_BOARDS_BY_REGION: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(SCHOOL_BOARD_ROWS).map(([region, rows]) => [region, rows.map(([key]) => key)]),
);

export const SEED_SCHOOLS: readonly SeedSchool[] = Object.values(SCHOOL_BOARD_ROWS).flatMap((rows) =>
  rows.flatMap(([organisationKey, , , schools]) => schools.map(([brin, name]) => ({ organisationKey, brin, name }))),
);

export const SEED_ORGANISATIONS: readonly SeedOrganisation[] = [
  ...CENTRUMGEMEENTEN.map(([, , key, name, gm]) => org('municipality', key, name, gm)),
  ...EMPLOYER_ORGANISATIONS.map(([, , key, name, kvk]) => org('regional_employer_organisation', key, name, kvk)),
  ...Object.values(SCHOOL_BOARD_ROWS).flatMap((rows) => rows.map(([key, name, nr]) => org('school_board', key, name, nr))),
];

// ---------------------------------------------------------------- amounts

/** OCW: the ceiling (EUR 23 million) and what the 49 applications asked together (EUR 29.5 million). */
export const OCW_CEILING_CENTS: Cents = 2_300_000_000n;
export const OCW_REQUESTED_TOTAL_CENTS: Cents = 2_950_000_000n;
export const OCW_APPLICATION_COUNT = 49;
/**
 * The largest amount one OCW application may ask. Not in the seed document: chosen
 * so it leaves room for the generator's largest request (its weights bound any
 * request to below EUR 1.74 million; see ocw-round.ts).
 */
export const OCW_MAX_REQUESTED_CENTS: Cents = 200_000_000n;

/** DU Bevolkingsdaling: EUR 11.2 million a year for 2016–2020. */
export const DU_YEARLY_CENTS: Cents = 1_120_000_000n;
export const DU_YEARS: readonly number[] = [2016, 2017, 2018, 2019, 2020];

/** Sectorplanplus: EUR 420 million over all regions and application periods. */
export const SECTORPLANPLUS_TOTAL_CENTS: Cents = 42_000_000_000n;

// ---------------------------------------------------------------- schemes

export interface SeedSchemes {
  ocw: CreateSchemeDto;
  du: CreateSchemeDto;
  sectorplanplus: CreateSchemeDto;
}

const calendarYear = (year: number) => ({ periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` });

/** The OCW scheme's answers: what the external committee needs to read beside the plan itself. */
export const OCW_ANSWERS_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['regionalPlanSummary', 'participatingSchools', 'pupilDeclinePercentage'],
  properties: {
    regionalPlanSummary: { type: 'string', minLength: 1, maxLength: 4000, description: 'Summary of the regional plan the school boards agreed on.' },
    participatingSchools: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[0-9]{2}[A-Z]{2}$' },
      description: 'BRIN codes of the schools the plan covers.',
    },
    pupilDeclinePercentage: { type: 'number', minimum: 0, maximum: 100, description: 'Expected decline in pupil numbers in the region over the coming ten years, in percent.' },
  },
};

export const OCW_CRITERIA: readonly CriterionDto[] = [
  // Step 0.5 on 0–5: the committee scores in halves, as its assessment framework does.
  { code: 'REGIONAL_PLAN', title: 'Quality of the regional plan', weight: 3, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2.5 },
  { code: 'COOPERATION', title: 'Breadth of the cooperation between school boards', weight: 2, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2.5 },
  { code: 'FEASIBILITY', title: 'Feasibility of the plan and its budget', weight: 2, scaleMin: 0, scaleMax: 5, scaleStep: 0.5 },
  { code: 'EDUCATIONAL_OFFER', title: 'Preservation of a broad educational offer in the region', weight: 3, scaleMin: 0, scaleMax: 5, scaleStep: 0.5, threshold: 2.5 },
];

function ocwScheme(): CreateSchemeDto {
  return {
    code: 'OCW-LLD-VO-2021',
    title: 'Regionale subsidie leerlingendaling voortgezet onderwijs',
    legalBasis: 'Stcrt. 2020, nr. 23802',
    allocationMethod: 'ranked',
    // The same nine regions; OCW pays the applying school boards, so no lead organisation.
    regions: SEED_REGIONS.map(({ code, name }): RegionDto => ({ code, name })),
    eligibility: {
      organisationKinds: ['school_board'],
      maxRequestedAmount: formatAmount(OCW_MAX_REQUESTED_CENTS),
      limitPerWindow: 'none',
      leadApplicant: true,
    },
    criteria: OCW_CRITERIA.map((c) => ({ ...c })),
    // Half of the maximum weighted total (10 × 5 = 50): a plan must be sufficient overall.
    totalThreshold: 25,
    tieBreakRules: [{ rule: 'criterion_score', criterion: 'REGIONAL_PLAN' }, { rule: 'lower_requested_amount' }],
    crossingPolicy: 'partial_award',
    // Counted from receipt (Awb 4:13): an application received on the first day is
    // due 2021-08-16, so the committee's ranking and the decisions in August 2021
    // fall within every applicant's term.
    decisionTermWeeks: 24,
    advancePolicy: { percentage: 80, instalments: 2 },
    reviewersPerApplication: 3,
    answersSchema: structuredClone(OCW_ANSWERS_SCHEMA) as Record<string, unknown>,
    windows: [
      // 28 March 2021 is the last Sunday of March: the window opens in winter time and closes in summer time.
      { code: 'TV-2021', name: 'Aanvraagtijdvak 2021', opensAt: '2021-03-01T09:00:00+01:00', closesAt: '2021-03-31T17:00:00+02:00' },
    ],
    budgetLines: [{ code: 'PLAFOND-2021', name: 'Subsidieplafond 2021', ...calendarYear(2021), windowCode: 'TV-2021', ceiling: formatAmount(OCW_CEILING_CENTS) }],
  };
}

function duScheme(orgIdByKey: (key: string) => string): CreateSchemeDto {
  return {
    code: 'DU-BEVOLKINGSDALING',
    title: 'Decentralisatie-uitkering Bevolkingsdaling',
    legalBasis: 'Financiële-verhoudingswet; septembercirculaire gemeentefonds 2015',
    allocationMethod: 'formula',
    regions: SEED_REGIONS.map(({ code, name, leadOrganisationKey }): RegionDto => ({ code, name, leadOrganisationId: orgIdByKey(leadOrganisationKey) })),
    eligibility: { organisationKinds: ['municipality'] },
    windows: [
      // A formula scheme takes no applications, but the data model hangs payment
      // periods on a window: this one spans the five years of the payment.
      {
        code: 'DU-2016-2020',
        name: 'Uitkeringsperiode 2016–2020 (verdeling via het gemeentefonds, geen aanvragen)',
        opensAt: '2016-01-01T00:00:00+01:00',
        closesAt: '2020-12-31T23:59:59+01:00',
      },
    ],
    budgetLines: DU_YEARS.map(
      (year): BudgetLineInputDto => ({ code: `DU-${year}`, name: `Decentralisatie-uitkering ${year}`, ...calendarYear(year), ceiling: formatAmount(DU_YEARLY_CENTS) }),
    ),
  };
}

/**
 * Sectorplanplus application periods (tijdvakken). ILLUSTRATIVE dates; `weight` is
 * the period's share of the EUR 420 million. The offsets follow the date: 2019's
 * window closes on 29 March, before that year's switch (31 March), so still +01:00.
 */
export const SECTORPLAN_WINDOWS: readonly (WindowInputDto & { year: number; weight: bigint })[] = [
  { code: 'TV-2018', name: 'Aanvraagtijdvak 1 (2018)', opensAt: '2018-03-01T09:00:00+01:00', closesAt: '2018-03-29T17:00:00+02:00', year: 2018, weight: 35n },
  { code: 'TV-2019', name: 'Aanvraagtijdvak 2 (2019)', opensAt: '2019-03-01T09:00:00+01:00', closesAt: '2019-03-29T17:00:00+01:00', year: 2019, weight: 35n },
  { code: 'TV-2020', name: 'Aanvraagtijdvak 3 (2020)', opensAt: '2020-03-02T09:00:00+01:00', closesAt: '2020-03-31T17:00:00+02:00', year: 2020, weight: 30n },
];

/**
 * One budget line per window and region. The total is split first over the
 * windows, then each window's share over the regions, both by largest remainder
 * in cents, so the lines add up to exactly EUR 420 million.
 */
export function sectorplanBudgetLines(): BudgetLineInputDto[] {
  const perWindow = splitByLargestRemainder(
    SECTORPLANPLUS_TOTAL_CENTS,
    SECTORPLAN_WINDOWS.map((w) => w.weight),
  );
  const regionWeights = EMPLOYER_ORGANISATIONS.map(([, , , , , weight]) => weight);
  return SECTORPLAN_WINDOWS.flatMap((w, i) => {
    const perRegion = splitByLargestRemainder(perWindow[i], regionWeights);
    return SECTORPLAN_REGIONS.map(
      (r, j): BudgetLineInputDto => ({
        code: `${w.code}-${r.code}`,
        name: `Regionaal budget ${r.name}, tijdvak ${w.year}`,
        ...calendarYear(w.year),
        region: r.code,
        windowCode: w.code,
        ceiling: formatAmount(perRegion[j]),
      }),
    );
  });
}

function sectorplanScheme(orgIdByKey: (key: string) => string): CreateSchemeDto {
  return {
    code: 'SECTORPLANPLUS',
    title: 'Subsidieregeling sectorplanplus',
    legalBasis: 'Subsidieregeling sectorplanplus (VWS)',
    // With limitPerWindow 'region' each regional line has at most one application
    // per window (its employer organisation's), so nothing competes for a line:
    // first come, first served then simply awards up to the region's budget. pro_rata
    // would give the same result and suggest a competition that does not exist.
    allocationMethod: 'first_come_first_served',
    // Each region is run by its regional employer organisation: only it applies for the region.
    regions: SECTORPLAN_REGIONS.map(({ code, name, employerOrganisationKey }): RegionDto => ({ code, name, leadOrganisationId: orgIdByKey(employerOrganisationKey) })),
    eligibility: { organisationKinds: ['regional_employer_organisation'], limitPerWindow: 'region', leadApplicant: false },
    // The subsidy covers at most half of the training costs; employers pay the rest.
    coFinancingMaxPercentage: 50,
    // Small applications are final at once (direct determination): no accounts, paid in full.
    directDeterminationUpTo: '25000.00',
    // The rest are advanced: SectorplanPlus paid at most 75% of the award as an advance,
    // the other 25% after the accounts (RegioPlus, bevoorschottingsbeleid 2017-2022).
    advancePolicy: { percentage: 75, instalments: 1 },
    windows: SECTORPLAN_WINDOWS.map(({ code, name, opensAt, closesAt }) => ({ code, name, opensAt, closesAt })),
    budgetLines: sectorplanBudgetLines(),
  };
}

/**
 * The three schemes of the seed document, as POST /schemes takes them.
 * `orgIdByKey` maps a seed organisation key to the id the API gave it; it is asked
 * only for the regions' lead organisations: the nine centrumgemeenten (DU) and the 14
 * regional employer organisations (Sectorplanplus).
 */
export function seedSchemes(orgIdByKey: (key: string) => string): SeedSchemes {
  return { ocw: ocwScheme(), du: duScheme(orgIdByKey), sectorplanplus: sectorplanScheme(orgIdByKey) };
}
