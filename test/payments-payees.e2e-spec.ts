import { demoIban } from '../src/demo/bank';
import { createScheme, schemeBody, submitted } from './support/fixtures';
import { camtForPain001, validateXml } from './support/payments';
import { createOrganisation, TestApp } from './support/test-app';

/** Follows a job resource until it has finished. */
async function finished(app: TestApp, token: string, jobId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await app.get(`/api/v1/jobs/${jobId}`, { token });
    if (res.body.state === 'completed' || res.body.state === 'failed' || Date.now() > deadline) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let ibanCounter = 7000;

/**
 * One small award paid in full (direct determination), to an organisation named `orgName`,
 * on a verified account held by `holderName`: one ready instruction of `scheme`.
 */
async function payable(app: TestApp, officer: string, finance: string, o: { orgName: string; holderName: string; scheme?: { id: string; windows: { id: string }[] } }) {
  const scheme = o.scheme ?? (await createScheme(app, officer, { directDeterminationUpTo: '500.00' }));
  const org = await createOrganisation(app, officer, { name: o.orgName });
  const token = await app.token('applicant', { sub: `payee-${org.id}`, org: org.id });
  const application = await submitted(app, token, scheme, { requestedAmount: '400.00' });
  await app.post(`/api/v1/applications/${application.id}/completeness`, undefined, { token: officer });
  await app.post(`/api/v1/applications/${application.id}/eligibility`, { eligible: true }, { token: officer });
  const run = await app.post(`/api/v1/schemes/${scheme.id}/windows/${scheme.windows[0].id}/decisions`, undefined, { token: officer });
  expect((await finished(app, officer, run.body.id)).state).toBe('completed');
  const added = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban: demoIban(++ibanCounter), holderName: o.holderName }, { token: officer });
  expect(added.status).toBe(201);
  expect((await app.post(`/api/v1/organisations/${org.id}/bank-accounts/${added.body.id}/verification`, undefined, { token: finance })).status).toBe(200);
  expect((await app.post('/api/v1/payment-instructions/generation', {}, { token: finance })).status).toBe(200);
  const instructions = (await app.get(`/api/v1/payment-instructions?organisationId=${org.id}`, { token: finance })).body.items;
  expect(instructions.map((i: any) => i.status)).toEqual(['ready']);
  return { scheme, org, account: added.body, instruction: instructions[0] };
}

async function sepaFile(app: TestApp, finance: string, approver: string, body: Record<string, unknown> = {}) {
  const built = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31', ...body }, { token: finance });
  expect(built.status).toBe(201);
  const approved = await app.post(`/api/v1/payment-batches/${built.body.id}/approvals`, undefined, { token: approver });
  expect(approved.status).toBe(200);
  const res = await fetch(`${app.url}/api/v1/payment-batches/${built.body.id}/sepa-file`, { headers: { authorization: `Bearer ${finance}` } });
  expect(res.status).toBe(200);
  return { batch: built.body, xml: await res.text() };
}

describe('payees in SEPA files (issue 15)', () => {
  let app: TestApp;
  let officer: string;
  let finance: string;
  let approver: string;

  beforeAll(async () => {
    app = await TestApp.start();
    officer = await app.token('officer', { sub: 'officer-payees' });
    finance = await app.token('finance', { sub: 'finance-payees-a' });
    approver = await app.token('finance', { sub: 'finance-payees-b' });
  });
  afterAll(() => app.close());

  it('EPC character set: a Greek and a Cyrillic payee name are transliterated in the file, which validates against the EPC schema', async () => {
    await payable(app, officer, finance, { orgName: 'Σχολική Μονάδα', holderName: 'Σχολική Μονάδα Αθηνών' });
    await payable(app, officer, finance, { orgName: 'Школа', holderName: 'Школа № 5' });
    const { xml } = await sepaFile(app, finance, approver);
    expect(xml).toContain('<Cdtr><Nm>Scholiki Monada Athinon</Nm></Cdtr>');
    expect(xml).toContain('<Cdtr><Nm>Shkola No 5</Nm></Cdtr>');
    await validateXml(xml, 'pain.001.001.09.epc-sct.xsd');
  });

  it('a holder name with nothing usable in the SEPA set falls back to the organisation’s registered name', async () => {
    await payable(app, officer, finance, { orgName: 'Δήμος Αθηναίων', holderName: '★★★' });
    const { xml } = await sepaFile(app, finance, approver);
    expect(xml).toContain('<Cdtr><Nm>Dimos Athinaion</Nm></Cdtr>');
    await validateXml(xml, 'pain.001.001.09.epc-sct.xsd');
  });

  it('no usable payee name: the build is refused naming the organisation, its account and instruction, and builds once the name is corrected', async () => {
    const { org, account, instruction } = await payable(app, officer, finance, { orgName: '★ ☆ ★', holderName: '★★★' });
    const refused = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: finance });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.code).toBe('PAYMENT.PAYEE_NAME_UNUSABLE');
    expect(refused.body.detail).toContain(org.id);
    expect(refused.body.payees).toEqual([{ organisationId: org.id, bankAccountId: account.id, instructionIds: [instruction.id] }]);
    expect((await app.get('/api/v1/payment-batches', { token: finance })).body.items.filter((b: any) => b.status === 'built')).toEqual([]);

    const renamed = await app.patch(`/api/v1/organisations/${org.id}`, { name: 'Stichting Ster' }, { token: officer, headers: { 'if-match': '"1"' } });
    expect(renamed.status).toBe(200);
    const { xml } = await sepaFile(app, finance, approver);
    expect(xml).toContain('<Cdtr><Nm>Stichting Ster</Nm></Cdtr>');
  });

  describe('SEPA scheme countries (issue 15: a SEPA credit transfer pays only accounts in SEPA countries)', () => {
    it.each([
      ['AE070331234567890123456', 'AE'],
      ['PK36SCBL0000001123456702', 'PK'],
      ['SA0380000000608010167519', 'SA'],
    ])('a valid IBAN outside SEPA (%s) is refused at registration, naming the field iban and the country', async (iban, country) => {
      const org = await createOrganisation(app, officer);
      const res = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban, holderName: 'Foreign Holder' }, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('ORGANISATION.INVALID_IBAN');
      expect(res.body.invalidParams).toEqual([{ name: 'iban', reason: `is an account in ${country}, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers` }]);
      expect((await app.get(`/api/v1/organisations/${org.id}/bank-accounts`, { token: officer })).body.items ?? []).toEqual([]);
    });

    it.each(['NL91ABNA0417164300', 'CH9300762011623852957', 'GB29NWBK60161331926819'])('an IBAN in a SEPA country (%s) is registered and verified for payment', async (iban) => {
      const org = await createOrganisation(app, officer);
      const added = await app.post(`/api/v1/organisations/${org.id}/bank-accounts`, { iban, holderName: 'Holder' }, { token: officer });
      expect(added.status).toBe(201);
      const verified = await app.post(`/api/v1/organisations/${org.id}/bank-accounts/${added.body.id}/verification`, undefined, { token: finance });
      expect([verified.status, verified.body.verified]).toEqual([200, true]);
    });

    it('an account outside SEPA registered before the check is refused at verification, naming iban and the country', async () => {
      const org = await createOrganisation(app, officer);
      // As registered before issue 15: straight into the table, unverified.
      const [row] = await app.sql<{ id: string }>(
        `INSERT INTO bank_accounts (organisation_id, iban, holder_name, verified, registered_by) VALUES ($1, 'PK36SCBL0000001123456702', 'Legacy', false, 'officer-payees') RETURNING id`,
        [org.id],
      );
      const res = await app.post(`/api/v1/organisations/${org.id}/bank-accounts/${row.id}/verification`, undefined, { token: finance });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ORGANISATION.IBAN_NOT_SEPA');
      expect(res.body.country).toBe('PK');
      expect(res.body.invalidParams).toEqual([{ name: 'iban', reason: "is an account in PK, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers" }]);
    });
  });

  describe('debtor accounts per scheme (issue 15: a funder pays each scheme from its own budget chapter’s account)', () => {
    const chapter = { iban: 'NL44RABO0123456789', bic: 'RABONL2U', name: 'Ministerie van OCW, hoofdstuk VIII' };

    it('a scheme names its debtor account; its instructions go in a batch of their own whose file names that account, and the default scheme’s in the installation’s', async () => {
      const own = await createScheme(app, officer, { directDeterminationUpTo: '500.00', debtorAccount: { iban: 'nl44 rabo 0123 4567 89', bic: chapter.bic, name: chapter.name } });
      expect(own.debtorAccount).toEqual(chapter);
      const plain = await createScheme(app, officer, { directDeterminationUpTo: '500.00' });
      expect(plain.debtorAccount).toBeNull();
      await payable(app, officer, finance, { orgName: 'Stichting Eigen', holderName: 'Stichting Eigen', scheme: own });
      await payable(app, officer, finance, { orgName: 'Stichting Standaard', holderName: 'Stichting Standaard', scheme: plain });

      const installation = await sepaFile(app, finance, approver);
      // Nothing left on the installation's account: the refusal names the account that has something due.
      const nothing = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31' }, { token: finance });
      expect([nothing.status, nothing.body.code, nothing.body.otherDebtorIbans]).toEqual([409, 'PAYMENT.NOTHING_DUE', [chapter.iban]]);
      expect(nothing.body.detail).toContain(`Due on other debtor accounts (build with debtorIban): ${chapter.iban}.`);
      expect(installation.batch.debtorIban).toBe(app.config.payments.funderIban);
      expect(installation.xml).toContain(`<DbtrAcct><Id><IBAN>${app.config.payments.funderIban}</IBAN></Id></DbtrAcct>`);
      expect(installation.xml).toContain('<Cdtr><Nm>Stichting Standaard</Nm></Cdtr>');
      expect(installation.xml).not.toContain('Stichting Eigen');

      const chapterFile = await sepaFile(app, finance, approver, { debtorIban: chapter.iban });
      expect(chapterFile.batch).toMatchObject({ debtorIban: chapter.iban, debtorBic: chapter.bic, debtorName: chapter.name, count: 1 });
      expect(chapterFile.xml).toContain(`<Dbtr><Nm>${chapter.name}</Nm></Dbtr><DbtrAcct><Id><IBAN>${chapter.iban}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>${chapter.bic}</BICFI></FinInstnId></DbtrAgt>`);
      expect(chapterFile.xml).toContain('<Cdtr><Nm>Stichting Eigen</Nm></Cdtr>');
      expect(chapterFile.xml).not.toContain('Stichting Standaard');
      await validateXml(chapterFile.xml, 'pain.001.001.09.epc-sct.xsd');

      // The bank's statement of the chapter's account is one of ours: it books that batch.
      const statement = await fetch(`${app.url}/api/v1/bank-statements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${finance}`, 'content-type': 'application/xml' },
        body: camtForPain001(chapterFile.xml, { version: '08' }),
      });
      const imported = (await statement.json()) as any;
      expect([statement.status, imported.matchedCount, imported.unmatchedCount]).toEqual([201, 1, 0]);
    });

    it('a build for an account that neither the installation nor any scheme names is refused, naming debtorIban', async () => {
      const res = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31', debtorIban: 'DE89370400440532013000' }, { token: finance });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PAYMENT.UNKNOWN_DEBTOR_ACCOUNT');
      expect(res.body.invalidParams.map((p: any) => p.name)).toEqual(['debtorIban']);
    });

    it('a scheme’s debtor account outside SEPA is refused, naming debtorAccount.iban and the country', async () => {
      const res = await app.post('/api/v1/schemes', { ...schemeBody({ debtorAccount: { iban: 'AE070331234567890123456', name: 'Abroad' } }) }, { token: officer });
      expect(res.status).toBe(400);
      expect(res.body.invalidParams).toEqual([{ name: 'debtorAccount.iban', reason: "is an account in AE, outside the SEPA schemes' countries: payments go out only as SEPA credit transfers" }]);
    });

    it('changing a scheme’s debtor account is audited and leaves instructions already generated on the account they had, still payable from it', async () => {
      // An account no other scheme names: once the scheme moves away, only its instructions remember it.
      const chapter = { iban: 'NL39RABO0300065264', bic: 'RABONL2U', name: 'Ministerie van OCW, hoofdstuk IX' };
      const scheme = await createScheme(app, officer, { directDeterminationUpTo: '500.00', debtorAccount: chapter });
      const { instruction } = await payable(app, officer, finance, { orgName: 'Stichting Oud', holderName: 'Stichting Oud', scheme });
      const moved = await app.patch(`/api/v1/schemes/${scheme.id}`, { debtorAccount: null }, { token: officer, headers: { 'if-match': `"${scheme.version}"` } });
      expect(moved.status).toBe(200);
      expect(moved.body.debtorAccount).toBeNull();
      const audit = await app.sql(`SELECT before->'debtorAccount' AS before, after->'debtorAccount' AS after FROM audit_events WHERE action = 'scheme.updated' AND entity_id = $1`, [scheme.id]);
      expect(audit).toEqual([{ before: chapter, after: null }]);
      // Still paid from the chapter's account: a build for it takes the instruction.
      const built = await app.post('/api/v1/payment-batches', { dueUntil: '2099-12-31', debtorIban: chapter.iban }, { token: finance });
      expect([built.status, built.body.count, built.body.debtorName, built.body.debtorBic]).toEqual([201, 1, chapter.name, chapter.bic]);
      const items = await app.sql(`SELECT debtor_iban FROM payment_instructions WHERE id = $1`, [instruction.id]);
      expect(items).toEqual([{ debtor_iban: chapter.iban }]);
    });
  });
});
