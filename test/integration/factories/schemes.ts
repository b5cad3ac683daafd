import { parseAmount, type Cents } from '../../../src/common/money/money';
import { CreateScheme, type SchemeDto } from '../../../src/schemes';
import type { CreateSchemeDto } from '../../../src/schemes';
import { ctxOf, type Features } from '../support/features';

export interface SchemeFixture {
  scheme: SchemeDto;
  id: string;
  /** The scheme's one window (open from an hour ago for thirty days, unless told otherwise). */
  windowId: string;
  /** Its one budget line, and that line's ceiling (Awb 4:22 subsidieplafond). */
  budgetLineId: string;
  ceilingCents: Cents;
}

let schemes = 0;
const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

/**
 * A scheme with one open window and one budget line, through the schemes feature's own
 * use case (CreateScheme also has the applications feature open the scheme's receipt
 * counter, through SchemeSetup, when ApplicationsModule is loaded: SQL would have to know about it). Every field has a valid default; `overrides` replaces top-level fields of
 * the create command, `ceiling` (euros, "1000.00") and `window` the line's and window's.
 * Needs SchemesModule.
 */
export async function aScheme(
  f: Features,
  overrides: Partial<CreateSchemeDto> & { ceiling?: string; window?: { opensAt: string; closesAt: string } } = {},
): Promise<SchemeFixture> {
  const { ceiling = '10000.00', window, ...fields } = overrides;
  const n = ++schemes;
  const input = {
    code: `INT-${process.pid}-${n}`,
    title: `Integratieregeling ${n}`,
    legalBasis: 'Stcrt. 2026, nr. 1',
    allocationMethod: 'first_come_first_served',
    eligibility: { organisationKinds: ['school_board'], leadApplicant: true },
    windows: [{ code: 'TV-1', name: 'Tijdvak 1', opensAt: window?.opensAt ?? hoursFromNow(-1), closesAt: window?.closesAt ?? hoursFromNow(24 * 30) }],
    budgetLines: [{ code: 'BL-1', name: 'Plafond', periodStart: '2026-01-01', periodEnd: '2026-12-31', ceiling }],
    ...fields,
  } as CreateSchemeDto;
  const scheme = await f.get(CreateScheme).execute(ctxOf(), input);
  return { scheme, id: scheme.id, windowId: scheme.windows[0].id, budgetLineId: scheme.budgetLines[0].id, ceilingCents: parseAmount(scheme.budgetLines[0].ceiling)! };
}

/** A budget line as the database holds it: ceiling, awarded and beyond-ceiling totals (cents), version. */
export async function budgetLineRow(f: Features, id: string): Promise<{ ceiling: bigint; awarded: bigint; beyond: bigint; version: number }> {
  const [row] = await f.sql(`SELECT ceiling_cents::text AS c, awarded_cents::text AS a, beyond_ceiling_cents::text AS b, version FROM budget_lines WHERE id = $1`, [id]);
  if (!row) throw new Error(`no budget line ${id}`);
  return { ceiling: BigInt(row.c), awarded: BigInt(row.a), beyond: BigInt(row.b), version: row.version };
}
