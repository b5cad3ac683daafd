import { addDays, localDateOf } from '../src/common/time/amsterdam';
import { createOrganisation, TestApp, type HttpResult } from './support/test-app';

/**
 * GET /applications over 10,000 applications: every filter returns exactly the rows
 * that match (checked against SQL), pages are capped, and walking `links.next` serves
 * every row once in the requested order. The rows go in with one INSERT … SELECT.
 */

const N = 10_000;
const REGIONS = ['OOST-GRONINGEN', 'ZEEUWS-VLAANDEREN', 'ACHTERHOEK'];
const STATUSES = ['draft', 'submitted', 'complete', 'eligible', 'withdrawn'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const moment = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Item {
  id: string;
  schemeId: string;
  windowId: string;
  organisationId: string;
  region: string | null;
  status: string;
  receiptNumber: number | null;
  requestedAmount: string;
  decisionDueOn: string | null;
  createdAt: string;
}

describe('listing applications', () => {
  let app: TestApp;
  let officer: string;
  let auditor: string;
  /** The Amsterdam date the API counts deadlines from. */
  let today: string;
  const orgs: string[] = [];
  /** The big scheme (two windows) and a small one (one window), both the officer's. */
  const big = { id: '', windows: [] as string[] };
  const small = { id: '', windows: [] as string[] };

  async function createScheme(code: string, windowCodes: string[]): Promise<{ id: string; windows: string[] }> {
    const res = await app.post(
      '/api/v1/schemes',
      {
        code,
        title: `Scheme ${code}`,
        legalBasis: 'Stcrt. 2020, nr. 23802',
        allocationMethod: 'first_come_first_served',
        regions: REGIONS.map((r) => ({ code: r, name: r })),
        eligibility: { organisationKinds: ['school_board'] },
        windows: windowCodes.map((w, i) => ({ code: w, name: w, opensAt: moment(-(100 - i * 40) * DAY), closesAt: moment(-(61 - i * 40) * DAY + HOUR) })),
        budgetLines: [{ code: 'BL-1', name: 'Subsidieplafond', periodStart: '2025-01-01', periodEnd: '2030-12-31', ceiling: '1000000.00' }],
      },
      { token: officer },
    );
    if (res.status !== 201) throw new Error(`could not create scheme: ${res.status} ${res.text}`);
    return { id: res.body.id, windows: windowCodes.map((w) => res.body.windows.find((x: { code: string; id: string }) => x.code === w).id) };
  }

  /** Every item of a list, walking `links.next`; checks the page size on the way. */
  async function walk(url: string, token = officer, limit = 100): Promise<Item[]> {
    const items: Item[] = [];
    let next: string | undefined = `/api/v1/applications?limit=${limit}&${url}`;
    while (next) {
      const page: HttpResult = await app.get(next, { token });
      if (page.status !== 200) throw new Error(`${next}: ${page.status} ${page.text}`);
      next = page.body.links.next?.href;
      // Every page but the last is full; the last is not empty unless the list is.
      if (next) expect(page.body.items).toHaveLength(limit);
      else if (items.length > 0) expect(page.body.items.length).toBeGreaterThan(0);
      items.push(...page.body.items);
    }
    return items;
  }

  /** Ids of the rows matching a WHERE clause, by SQL, as the officer may see them (no drafts) unless told otherwise. */
  async function idsWhere(where: string, params: unknown[] = [], withDrafts = false): Promise<string[]> {
    const rows = await app.sql<{ id: string }>(`SELECT id FROM applications WHERE (${where}) ${withDrafts ? '' : `AND status <> 'draft'`} ORDER BY id`, params);
    return rows.map((r) => r.id);
  }

  const sortedIds = (items: Item[]) => items.map((i) => i.id).sort();

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-list' });
    auditor = await app.token('auditor', { sub: 'auditor-list' });
    today = localDateOf(new Date());
    for (let i = 0; i < 7; i++) orgs.push((await createOrganisation(app, officer, { name: `Schoolbestuur ${i}` })).id);
    Object.assign(big, await createScheme('LIST-BIG', ['TV-A', 'TV-B']));
    Object.assign(small, await createScheme('LIST-SMALL', ['TV-A']));

    // g decides everything, through moduli that share no factor, so every combination occurs:
    // scheme (g % 17 = 0: small), window (g % 11 = 0: the big scheme's second), region (g % 13),
    // organisation (g % 7), status (g % 5), requested amount (500 values, many ties), deadline
    // (today - 60 … today + 60). Receipt numbers count the non-drafts of each scheme in order of g.
    await app.sql(
      `INSERT INTO applications (scheme_id, window_id, organisation_id, region, title, requested_cents, status,
                                 receipt_number, received_at, completeness_at, decision_due_on, original_decision_due_on,
                                 created_by, created_at, updated_at)
       SELECT scheme_id, window_id, organisation_id, region, 'Aanvraag ' || g, requested_cents, status,
              receipt_number, received_at, received_at, due, due, 'applicant-' || g, created_at, created_at
       FROM (
         SELECT s.*,
                CASE WHEN status = 'draft' THEN NULL
                     ELSE (row_number() OVER (PARTITION BY scheme_id, status = 'draft' ORDER BY g))::int END AS receipt_number,
                CASE WHEN status = 'draft' THEN NULL ELSE created_at + interval '1 minute' END AS received_at,
                CASE WHEN status = 'draft' THEN NULL ELSE $8::date + ((g * 7) % 121 - 60) END AS due
         FROM (
           SELECT g,
                  CASE WHEN g % 17 = 0 THEN $1::uuid ELSE $2::uuid END AS scheme_id,
                  CASE WHEN g % 17 = 0 THEN $3::uuid WHEN g % 11 = 0 THEN $5::uuid ELSE $4::uuid END AS window_id,
                  ($6::uuid[])[1 + g % 7] AS organisation_id,
                  ($7::text[])[CASE WHEN g % 13 = 0 THEN 3 WHEN g % 13 <= 4 THEN 2 ELSE 1 END] AS region,
                  ((g * 37) % 500 + 1)::bigint * 100000 AS requested_cents,
                  ($9::text[])[1 + g % 5] AS status,
                  date_trunc('milliseconds', now() - make_interval(secs => ${N} - g)) AS created_at
           FROM generate_series(1, ${N}) AS g
         ) s
       ) t`,
      [small.id, big.id, small.windows[0], big.windows[0], big.windows[1], orgs, REGIONS, today, STATUSES],
    );
    await app.sql(
      `UPDATE receipt_counters c SET last_number = (SELECT coalesce(max(receipt_number), 0) FROM applications a WHERE a.scheme_id = c.scheme_id)`,
    );
    await app.sql('ANALYZE applications');
  });
  afterAll(() => app.close());

  describe('the data set', () => {
    it('holds 10,000 applications with gap-free receipt numbers per scheme, and the officer on both schemes', async () => {
      const [counts] = await app.sql(
        `SELECT count(*)::int AS n, count(DISTINCT window_id)::int AS windows, count(DISTINCT region)::int AS regions,
                count(DISTINCT status)::int AS statuses, count(DISTINCT organisation_id)::int AS orgs,
                count(*) FILTER (WHERE decision_due_on < $1)::int AS overdue
         FROM applications`,
        [today],
      );
      expect(counts).toEqual({ n: N, windows: 3, regions: 3, statuses: 5, orgs: 7, overdue: expect.any(Number) });
      expect(counts.overdue).toBeGreaterThan(1000);
      const gaps = await app.sql(
        `SELECT scheme_id, count(*)::int AS n, min(receipt_number) AS lo, max(receipt_number) AS hi, count(DISTINCT receipt_number)::int AS distinct_numbers
         FROM applications WHERE receipt_number IS NOT NULL GROUP BY scheme_id`,
      );
      expect(gaps).toHaveLength(2);
      for (const g of gaps) expect({ lo: g.lo, hi: g.hi, distinct: g.distinct_numbers }).toEqual({ lo: 1, hi: g.n, distinct: g.n });
      expect(await app.sql(`SELECT count(*)::int AS n FROM applications WHERE status <> 'draft' AND receipt_number IS NULL`)).toEqual([{ n: 0 }]);
      const officers = await app.sql(`SELECT scheme_id FROM scheme_officers WHERE officer_id = 'officer-list' ORDER BY scheme_id`);
      expect(officers.map((o: { scheme_id: string }) => o.scheme_id)).toEqual([big.id, small.id].sort());
    });
  });

  describe('indexes', () => {
    // After ANALYZE the planner's choice on this data set is deterministic (the statistics
    // sample every row): an organisation (1 in 7) and a rare region (1 in 13) are read
    // through their indexes, on PostgreSQL 15 and on the embedded PGlite (17) alike. A
    // common region (8 in 13) is rightly read by a sequential scan, so it is not asserted.
    const officerList = (where: string) =>
      `SELECT * FROM applications a WHERE a.status <> 'draft' AND a.scheme_id IN (SELECT o.scheme_id FROM scheme_officers o WHERE o.officer_id = 'officer-list')
       AND ${where} ORDER BY COALESCE(a.receipt_number, 2147483647), a.id LIMIT 101`;

    it.each([
      ['organisation_id', 'applications_organisation_idx', 'a.organisation_id = $1', () => orgs[4]],
      ['region', 'applications_region_idx', 'a.region = $1', () => REGIONS[2]],
    ])('a filter on %s reads %s, not the whole table', async (_column, index, where, value) => {
      for (const query of [`SELECT a.id FROM applications a WHERE ${where}`, officerList(where)]) {
        const plan = (await app.sql(`EXPLAIN ${query}`, [value()])).map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain(`Index Scan on ${index}`);
        expect(plan).not.toMatch(/Seq Scan on applications/);
      }
    });
  });

  describe('filters return exactly the matching rows', () => {
    const cases: [string, () => string, () => [string, unknown[]]][] = [
      ['schemeId', () => `schemeId=${small.id}`, () => ['scheme_id = $1', [small.id]]],
      ['windowId', () => `windowId=${big.windows[1]}`, () => ['window_id = $1', [big.windows[1]]]],
      ['status', () => 'status=complete', () => [`status = 'complete'`, []]],
      ['organisationId', () => `organisationId=${orgs[3]}`, () => ['organisation_id = $1', [orgs[3]]]],
      ['region', () => `region=${REGIONS[2]}`, () => ['region = $1', [REGIONS[2]]]],
      ['overdue=true', () => 'overdue=true', () => [`status IN ('submitted', 'complete', 'eligible') AND decision_due_on < $1`, [today]]],
      ['dueWithinDays=7', () => 'dueWithinDays=7', () => [`status IN ('submitted', 'complete', 'eligible') AND decision_due_on BETWEEN $1 AND $2`, [today, addDays(today, 7)]]],
      [
        'all at once',
        () => `schemeId=${big.id}&windowId=${big.windows[0]}&status=eligible&organisationId=${orgs[1]}&region=${REGIONS[1]}&dueWithinDays=30`,
        () => [
          `scheme_id = $1 AND window_id = $2 AND status = 'eligible' AND organisation_id = $3 AND region = $4 AND decision_due_on BETWEEN $5 AND $6`,
          [big.id, big.windows[0], orgs[1], REGIONS[1], today, addDays(today, 30)],
        ],
      ],
    ];

    it.each(cases)('%s', async (_name, query, where) => {
      const [clause, params] = where();
      const expected = await idsWhere(clause, params);
      expect(expected.length).toBeGreaterThan(5);
      expect(expected.length).toBeLessThan(3500);
      const items = await walk(query());
      expect(items.length).toBe(expected.length);
      expect(sortedIds(items)).toEqual(expected);
    });

    it('the officer never sees drafts, even when it asks for them; an auditor does', async () => {
      expect(await walk('status=draft')).toEqual([]);
      const drafts = await walk(`status=draft&schemeId=${small.id}`, auditor);
      expect(sortedIds(drafts)).toEqual(await idsWhere(`status = 'draft' AND scheme_id = $1`, [small.id], true));
    });

    it('overdue=true leaves out decided and withdrawn applications, however late their deadline', async () => {
      const late = await idsWhere(`decision_due_on < $1 AND status = 'withdrawn'`, [today]);
      expect(late.length).toBeGreaterThan(0);
      const overdue = new Set((await walk(`overdue=true&region=${REGIONS[2]}`)).map((i) => i.id));
      expect(late.filter((id) => overdue.has(id))).toEqual([]);
    });

    it('an unknown scheme or organisation gives an empty list, not an error', async () => {
      const page = await app.get(`/api/v1/applications?schemeId=00000000-0000-4000-8000-000000000000`, { token: officer });
      expect(page.status).toBe(200);
      expect(page.body.items).toEqual([]);
      expect(page.body.links.next).toBeUndefined();
    });
  });

  describe('pages', () => {
    it('hold 25 items by default and at most 100', async () => {
      const first = await app.get('/api/v1/applications', { token: officer });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(25);
      expect(first.body.links.next.href).toMatch(/^\/api\/v1\/applications\?cursor=/);
      const max = await app.get('/api/v1/applications?limit=100', { token: officer });
      expect(max.body.items).toHaveLength(100);
      expect(max.body.items.slice(0, 25)).toEqual(first.body.items);
    });

    it.each(['101', '0', '-1', 'ten'])('refuses limit=%s, naming limit', async (limit) => {
      const res = await app.get(`/api/v1/applications?limit=${limit}`, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toContain('limit');
    });

    it.each([
      ['status', 'status=approved'],
      ['status', 'status=DRAFT'],
      ['sort', 'sort=title'],
      ['dueWithinDays', 'dueWithinDays=367'],
      ['overdue', 'overdue=yes'],
      ['schemeId', 'schemeId=1%20OR%201%3D1'],
    ])('refuses a bad %s (%s), naming it', async (name, query) => {
      const res = await app.get(`/api/v1/applications?${query}`, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.invalidParams.map((p: { name: string }) => p.name)).toEqual([name]);
    });
  });

  describe('walking links.next', () => {
    type Key = (i: Item) => bigint | string | null;
    const KEYS: Record<string, Key> = {
      receiptNumber: (i) => (i.receiptNumber === null ? null : BigInt(i.receiptNumber)),
      requestedAmount: (i) => BigInt(i.requestedAmount.replace('.', '')),
      decisionDueOn: (i) => i.decisionDueOn,
      createdAt: (i) => i.createdAt,
    };
    const cmp = (a: bigint | string, b: bigint | string) => (a < b ? -1 : a > b ? 1 : 0);

    /**
     * Checks that the items are ordered by the key, then by id, both in the sort's direction.
     * Items without a key (drafts: no receipt number, no deadline) form one block, ordered by
     * id; sorting ascending, that block comes last.
     */
    function assertOrdered(items: Item[], sort: string): void {
      const descending = sort.startsWith('-');
      const key = KEYS[sort.replace(/^-/, '')];
      const sign = descending ? -1 : 1;
      const keyed = items.filter((i) => key(i) !== null);
      const outOfOrder = keyed.slice(1).filter((b, n) => sign * (cmp(key(keyed[n])!, key(b)!) || cmp(keyed[n].id, b.id)) >= 0);
      expect(outOfOrder.map((i) => i.id)).toEqual([]);
      const unkeyed = items.flatMap((i, n) => (key(i) === null ? [n] : []));
      if (unkeyed.length === 0) return;
      expect(unkeyed[unkeyed.length - 1] - unkeyed[0] + 1).toBe(unkeyed.length);
      expect(unkeyed[unkeyed.length - 1]).toBe(items.length - 1); // never submitted: last in either direction
      const ids = unkeyed.map((n) => items[n].id);
      expect(ids).toEqual([...ids].sort((a, b) => sign * cmp(a, b)));
    }

    const SORTS = ['receiptNumber', '-receiptNumber', 'requestedAmount', '-requestedAmount', 'decisionDueOn', '-decisionDueOn', 'createdAt', '-createdAt'];

    it.each(SORTS)('sort=%s serves every row of a filter once, in order', async (sort) => {
      // The small scheme, as the auditor sees it: a few hundred rows, drafts included, many equal amounts.
      const expected = await idsWhere('scheme_id = $1', [small.id], true);
      expect(expected.length).toBeGreaterThan(300);
      const items = await walk(`schemeId=${small.id}&sort=${encodeURIComponent(sort)}`, auditor);
      expect(items.length).toBe(expected.length);
      expect(sortedIds(items)).toEqual(expected);
      assertOrdered(items, sort);
    });

    it('keeps a filter and the sort across pages (officer, one organisation in one region, by deadline)', async () => {
      const expected = await idsWhere('organisation_id = $1 AND region = $2', [orgs[5], REGIONS[0]]);
      const items = await walk(`organisationId=${orgs[5]}&region=${REGIONS[0]}&sort=-decisionDueOn`, officer, 37);
      expect(items.length).toBe(expected.length);
      expect(sortedIds(items)).toEqual(expected);
      assertOrdered(items, '-decisionDueOn');
    });

    it('an application added while walking appears once at its place, none is served twice', async () => {
      const first = await app.get(`/api/v1/applications?schemeId=${small.id}&limit=100`, { token: officer });
      const last = first.body.items[first.body.items.length - 1] as Item;
      // A new submission in the small scheme gets the next receipt number: it belongs after the first page.
      await app.sql(
        `WITH n AS (UPDATE receipt_counters SET last_number = last_number + 1 WHERE scheme_id = $1 RETURNING last_number)
         INSERT INTO applications (scheme_id, window_id, organisation_id, title, requested_cents, status, receipt_number, received_at, decision_due_on, created_by)
         SELECT $1, $2, $3, 'Late arrival', 100, 'submitted', n.last_number, now(), $4, 'applicant-late' FROM n`,
        [small.id, small.windows[0], orgs[0], today],
      );
      const rest: Item[] = [];
      let next: string | undefined = first.body.links.next.href;
      while (next) {
        const page: HttpResult = await app.get(next, { token: officer });
        rest.push(...page.body.items);
        next = page.body.links.next?.href;
      }
      const all = [...first.body.items, ...rest] as Item[];
      expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
      expect(rest.every((i) => i.receiptNumber! > last.receiptNumber!)).toBe(true);
      expect(rest[rest.length - 1]).toMatchObject({ title: 'Late arrival' });
      expect(sortedIds(all)).toEqual(await idsWhere('scheme_id = $1', [small.id]));
    });
  });

  describe('cursors', () => {
    let cursor: string;
    beforeAll(async () => {
      const page = await app.get(`/api/v1/applications?schemeId=${small.id}&limit=10`, { token: officer });
      cursor = new URL(page.body.links.next.href, 'http://x').searchParams.get('cursor')!;
    });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

    it('a cursor handed out works', async () => {
      const res = await app.get(`/api/v1/applications?schemeId=${small.id}&limit=10&cursor=${cursor}`, { token: officer });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(10);
    });

    it.each([
      ['not base64 JSON', () => 'bm90LWEtY3Vyc29y'],
      ['cut short', () => cursor.slice(0, -6)],
      ['with a changed id', () => encode({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), id: 'abc' })],
      ['with SQL in its value', () => encode({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), v: "1) OR (1=1" })],
      ['with a number for its value', () => encode({ ...JSON.parse(Buffer.from(cursor, 'base64url').toString()), v: 5 })],
      ['from another sort (a date, for a receipt-number list)', () => encode({ v: '2026-01-01', id: '00000000-0000-4000-8000-000000000000' })],
    ])('a cursor %s is refused with 400 naming cursor', async (_what, make) => {
      const res = await app.get(`/api/v1/applications?schemeId=${small.id}&limit=10&cursor=${make()}`, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('REQUEST.INVALID_CURSOR');
      expect(res.body.invalidParams).toEqual([{ name: 'cursor', reason: expect.any(String) }]);
    });

    const ID = '00000000-0000-4000-8000-000000000000';
    it.each([
      ['receiptNumber', '9999999999', 'beyond the integer range'],
      ['decisionDueOn', '2021-13-45', 'not a calendar date'],
      ['decisionDueOn', '2021-02-30', 'a day February does not have'],
      ['createdAt', '1', 'not a moment'],
      ['createdAt', 'March 7, 2021', 'a moment in prose'],
    ])('a well-formed cursor whose value cannot be a %s (%s: %s) is a 400, never a 500', async (sort, v) => {
      const res = await app.get(`/api/v1/applications?schemeId=${small.id}&sort=${sort}&limit=10&cursor=${encode({ v, id: ID })}`, { token: officer });
      expect([res.status, res.body.code]).toEqual([400, 'REQUEST.INVALID_CURSOR']);
    });
  });
});
