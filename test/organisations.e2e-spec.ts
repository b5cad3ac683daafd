import { createOrganisation, TestApp, unique } from './support/test-app';

describe('organisations', () => {
  let app: TestApp;
  let officer: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer');
  });
  afterAll(() => app.close());

  describe('creating', () => {
    it.each([
      ['school_board', '41234', '41234'],
      ['municipality', 'gm0363', 'GM0363'],
      ['regional_employer_organisation', '12345678', '12345678'],
      ['other', ' 87654321 ', '87654321'],
    ])('creates a %s with identifier %j, stored as %j', async (kind, given, stored) => {
      const res = await app.post('/api/v1/organisations', { kind, name: `Org ${kind}`, identifier: given }, { token: officer });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind, identifier: stored, version: 1 });
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/api/v1/organisations/${res.body.id}`);
      const read = await app.get(`/api/v1/organisations/${res.body.id}`, { token: officer });
      expect(read.body).toEqual(res.body);
    });

    it.each([
      ['school_board', '4123'],
      ['school_board', '12345678'],
      ['municipality', '0363'],
      ['municipality', 'GM363'],
      ['regional_employer_organisation', '1234567'],
      ['other', 'GM0363'],
    ])('refuses a %s with identifier %j, naming the field, and stores nothing', async (kind, identifier) => {
      const before = await app.sql('SELECT count(*)::int AS n FROM organisations');
      const res = await app.post('/api/v1/organisations', { kind, name: 'Bad', identifier }, { token: officer });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('ORGANISATION.INVALID_IDENTIFIER');
      expect(res.body.invalidParams).toEqual([{ name: 'identifier', reason: expect.any(String) }]);
      const after = await app.sql('SELECT count(*)::int AS n FROM organisations');
      expect(after[0].n).toBe(before[0].n);
    });

    it('refuses a second organisation with the same kind and identifier (409), but allows it for another kind', async () => {
      const kvk = unique.kvk();
      await createOrganisation(app, officer, { kind: 'other', identifier: kvk });
      const dup = await app.post('/api/v1/organisations', { kind: 'other', name: 'Dup', identifier: kvk }, { token: officer });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('ORGANISATION.IDENTIFIER_TAKEN');
      const otherKind = await app.post('/api/v1/organisations', { kind: 'regional_employer_organisation', name: 'REO', identifier: kvk }, { token: officer });
      expect(otherKind.status).toBe(201);
      const audits = await app.sql(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'organisation.created' AND after->>'identifier' = $1`, [kvk]);
      expect(audits[0].n).toBe(2);
    });

    it('lists every invalid field with its reason, and refuses unknown fields', async () => {
      const res = await app.post('/api/v1/organisations', { kind: 'castle', name: '', identifier: 5, colour: 'red' }, { token: officer });
      expect(res.status).toBe(400);
      const names = res.body.invalidParams.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['kind', 'name', 'identifier', 'colour']));
      expect(res.body.invalidParams.find((p: { name: string }) => p.name === 'colour').reason).toBe('is not a field of this request');
    });
  });

  describe('updating with optimistic concurrency', () => {
    it('changes the name, bumps the ETag, and refuses a stale If-Match with 412 leaving the row unchanged', async () => {
      const org = await createOrganisation(app, officer);
      const first = await app.patch(`/api/v1/organisations/${org.id}`, { name: 'Renamed' }, { token: officer, headers: { 'if-match': '"1"' } });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect(first.headers.get('etag')).toBe('"2"');

      const stale = await app.patch(`/api/v1/organisations/${org.id}`, { name: 'Lost update' }, { token: officer, headers: { 'if-match': '"1"' } });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('REQUEST.PRECONDITION_FAILED');
      const read = await app.get(`/api/v1/organisations/${org.id}`, { token: officer });
      expect(read.body.name).toBe('Renamed');
      expect(read.headers.get('etag')).toBe('"2"');
    });

    it('records before and after in the audit trail', async () => {
      const org = await createOrganisation(app, officer, { name: 'Before' });
      await app.patch(`/api/v1/organisations/${org.id}`, { name: 'After' }, { token: officer });
      const events = await app.get(`/api/v1/audit-events?entityType=organisation&entityId=${org.id}`, { token: officer });
      expect(events.body.items.map((e: { action: string }) => e.action)).toEqual(['organisation.updated', 'organisation.created']);
      expect(events.body.items[0]).toMatchObject({ actorId: 'officer-1', actorRole: 'officer', before: { name: 'Before' }, after: { name: 'After' } });
      expect(events.body.items[0].correlationId).toEqual(expect.any(String));
    });

    it('cannot take the identifier of another organisation of the same kind', async () => {
      const a = await createOrganisation(app, officer);
      const b = await createOrganisation(app, officer);
      const res = await app.patch(`/api/v1/organisations/${b.id}`, { identifier: a.identifier }, { token: officer });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ORGANISATION.IDENTIFIER_TAKEN');
      expect(res.body.detail).toContain(`school_board with identifier ${a.identifier}`);
      expect((await app.get(`/api/v1/organisations/${b.id}`, { token: officer })).body.identifier).toBe(b.identifier);
    });

    it('cannot change the identifier to an invalid one', async () => {
      const org = await createOrganisation(app, officer);
      const res = await app.patch(`/api/v1/organisations/${org.id}`, { identifier: 'GM0001' }, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.invalidParams[0].name).toBe('identifier');
    });
  });

  describe('listing', () => {
    it('pages with a cursor through every organisation exactly once, in name order', async () => {
      const prefix = `Paging ${Date.now()}`;
      for (let i = 0; i < 7; i++) await createOrganisation(app, officer, { name: `${prefix} ${String.fromCharCode(71 - i)}` });
      const seen: string[] = [];
      let next: string | undefined = `/api/v1/organisations?nameContains=${encodeURIComponent(prefix)}&limit=3`;
      let pages = 0;
      while (next) {
        const page: { status: number; body: any } = await app.get(next, { token: officer });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.body.items.map((o: { name: string }) => o.name));
        next = page.body.links.next?.href;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual([...seen].sort());
      expect(new Set(seen).size).toBe(7);
    });

    it('sorts descending and filters by kind', async () => {
      const res = await app.get('/api/v1/organisations?kind=municipality&sort=-createdAt', { token: officer });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((o: { kind: string }) => o.kind === 'municipality')).toBe(true);
      const times = res.body.items.map((o: { createdAt: string }) => o.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    });

    it('refuses a page size above the maximum and a forged cursor', async () => {
      expect((await app.get('/api/v1/organisations?limit=101', { token: officer })).body.invalidParams[0].name).toBe('limit');
      const forged = await app.get('/api/v1/organisations?cursor=bm90LWEtY3Vyc29y', { token: officer });
      expect(forged.status).toBe(400);
      expect(forged.body.invalidParams[0].name).toBe('cursor');
    });
  });

  describe('applicants', () => {
    it('see only their own organisation', async () => {
      const own = await createOrganisation(app, officer);
      const other = await createOrganisation(app, officer);
      const applicant = await app.token('applicant', { sub: 'board-user', org: own.id });

      expect((await app.get(`/api/v1/organisations/${own.id}`, { token: applicant })).status).toBe(200);
      const foreign = await app.get(`/api/v1/organisations/${other.id}`, { token: applicant });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('ORGANISATION.NOT_FOUND');
      const list = await app.get('/api/v1/organisations?limit=100', { token: applicant });
      expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([own.id]);
      expect((await app.get(`/api/v1/organisations/${other.id}/bank-accounts`, { token: applicant })).status).toBe(404);
      expect((await app.post(`/api/v1/organisations/${other.id}/bank-accounts`, { iban: 'NL91ABNA0417164300', holderName: 'X' }, { token: applicant })).status).toBe(404);
    });

    it('may not create or change organisations', async () => {
      const own = await createOrganisation(app, officer);
      const applicant = await app.token('applicant', { org: own.id });
      expect((await app.post('/api/v1/organisations', { kind: 'other', name: 'Mine', identifier: unique.kvk() }, { token: applicant })).status).toBe(403);
      const patch = await app.patch(`/api/v1/organisations/${own.id}`, { name: 'Mine now' }, { token: applicant });
      expect(patch.status).toBe(403);
      expect(patch.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    });
  });

  describe('schools', () => {
    it('adds schools with a BRIN to a school board only', async () => {
      const board = await createOrganisation(app, officer);
      const res = await app.post(`/api/v1/organisations/${board.id}/schools`, { brin: '12ab', name: 'Ommelander College' }, { token: officer });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ brin: '12AB', organisationId: board.id });
      expect((await app.post(`/api/v1/organisations/${board.id}/schools`, { brin: '1ABC', name: 'Bad' }, { token: officer })).body.invalidParams[0].name).toBe('brin');
      const dup = await app.post(`/api/v1/organisations/${board.id}/schools`, { brin: '12AB', name: 'Again' }, { token: officer });
      expect(dup.status).toBe(409);
      const municipality = await createOrganisation(app, officer, { kind: 'municipality', identifier: unique.gemeentecode() });
      const notBoard = await app.post(`/api/v1/organisations/${municipality.id}/schools`, { brin: '34CD', name: 'X' }, { token: officer });
      expect(notBoard.status).toBe(409);
      expect(notBoard.body.code).toBe('ORGANISATION.NOT_A_SCHOOL_BOARD');
      const list = await app.get(`/api/v1/organisations/${board.id}/schools`, { token: officer });
      expect(list.body.items.map((s: { brin: string }) => s.brin)).toEqual(['12AB']);
    });
  });

  describe('bank accounts', () => {
    it('validates the IBAN, normalises it, and starts unverified', async () => {
      const org = await createOrganisation(app, officer);
      const bad = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban: 'NL91ABNA0417164301', holderName: 'X' }, { token: officer });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('ORGANISATION.INVALID_IBAN');
      expect(bad.body.invalidParams).toEqual([{ name: 'iban', reason: expect.stringMatching(/check digits/) }]);
      expect(await app.sql('SELECT * FROM bank_accounts WHERE organisation_id = $1', [org.id])).toEqual([]);

      const ok = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban: 'nl91 abna 0417 1643 00', holderName: 'Stichting', bic: 'ABNANL2A' }, { token: officer });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({ iban: 'NL91ABNA0417164300', verified: false, verifiedAt: null, bic: 'ABNANL2A' });
      const again = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban: 'NL91ABNA0417164300', holderName: 'Stichting' }, { token: officer });
      expect(again.status).toBe(409);
    });

    it('is verified by finance, never by whoever registered it, and only once', async () => {
      const org = await createOrganisation(app, officer);
      const applicant = await app.token('applicant', { sub: 'board-clerk', org: org.id });
      const account = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban: 'NL50PSTB0000054322', holderName: 'Stichting' }, { token: applicant });
      expect(account.status).toBe(201);
      const url = `/api/v1/organisations/${org.id}/bank-accounts/${account.body.id}/verification`;

      expect((await app.post(url, undefined, { token: officer })).status).toBe(403);
      const financeClerk = await app.token('finance', { sub: 'board-clerk' });
      const own = await app.post(url, undefined, { token: financeClerk });
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('BANK_ACCOUNT.OWN_REGISTRATION');

      const finance = await app.token('finance', { sub: 'finance-2' });
      const verified = await app.post(url, undefined, { token: finance, headers: { 'if-match': '"1"' } });
      expect(verified.status).toBe(200);
      expect(verified.body.verified).toBe(true);
      expect(verified.body.verifiedAt).toEqual(expect.any(String));
      const twice = await app.post(url, undefined, { token: finance });
      expect(twice.status).toBe(409);

      const listed = await app.get(`/api/v1/organisations/${org.id}/bank-accounts`, { token: applicant });
      expect(listed.body.items).toEqual([expect.objectContaining({ id: account.body.id, verified: true })]);
    });
  });
});
