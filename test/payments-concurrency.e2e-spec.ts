import { createOrganisation } from './support/test-app';
import { createScheme } from './support/fixtures';
import { verifiedAccount } from './support/payments';
import { TestApp } from './support/test-app';

/**
 * Many finance users build batches at the same moment over the same due instructions:
 * every instruction lands in exactly one batch. On real PostgreSQL (TEST_DATABASE_URL) the
 * builds run truly in parallel; the partial unique index on live batch items is the
 * database's guarantee, FOR UPDATE SKIP LOCKED keeps the builds from waiting on each other.
 */
describe('concurrent batch builds', () => {
  let app: TestApp;
  const N = 600;
  const BUILDS = 24;

  beforeAll(async () => {
    app = await TestApp.start();
    const officer = await app.token('officer', { sub: 'officer-c' });
    const finance = await app.token('finance', { sub: 'finance-verifier' });
    const scheme = await createScheme(app, officer);
    const org = await createOrganisation(app, officer);
    const account = await verifiedAccount(app, org.id, officer, finance);
    await app.sql(
      `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, du_budget_line_id, du_region, label, decided_cents)
       VALUES ('du:' || $1 || ':X', 'du', $2, $3, $1::uuid, 'X', 'concurrency', 100000000)`,
      [scheme.budgetLines[0].id, scheme.id, org.id],
    );
    await app.sql(
      `INSERT INTO payment_instructions (number, source, source_key, commitment_key, scheme_id, organisation_id, bank_account_id, debtor_iban, amount_cents, due_on, remittance, end_to_end_id, status)
       SELECT nextval('payment_instruction_number'), 'du', 'c-' || g, 'du:' || $1 || ':X', $2, $3, $4, $5, 100 + g, DATE '2026-01-01' + (g % 10), 'test', 'SUBS-C-' || g, 'ready'
         FROM generate_series(1, $6) g`,
      [scheme.budgetLines[0].id, scheme.id, org.id, account.id, app.config.payments.funderIban, N],
    );
  });
  afterAll(() => app.close());

  it('puts every due instruction in exactly one batch, whatever the interleaving', async () => {
    const tokens = await Promise.all(Array.from({ length: BUILDS }, (_, i) => app.token('finance', { sub: `finance-${i}` })));
    const results = await Promise.all(tokens.map((token, i) => app.post('/api/v1/payment-batches', { dueUntil: `2026-01-${String(1 + (i % 10)).padStart(2, '0')}` }, { token })));
    const created = results.filter((r) => r.status === 201);
    for (const r of results.filter((x) => x.status !== 201)) expect([r.status, ['PAYMENT.NOTHING_DUE', 'PAYMENT.CONCURRENT_BUILD'].includes(r.body.code)]).toEqual([409, true]);
    expect(created.length).toBeGreaterThan(0);
    if (process.env.SHOW_BUILDS) console.log(results.map((r) => (r.status === 201 ? r.body.count : r.body.code)).join(' '));

    const perInstruction = await app.sql(`SELECT instruction_id, count(*)::int AS n FROM payment_batch_items WHERE status = 'live' GROUP BY instruction_id HAVING count(*) > 1`);
    expect(perInstruction).toEqual([]);
    const [batched] = await app.sql(`SELECT count(*)::int AS n, COALESCE(sum(amount_cents), 0)::text AS total FROM payment_instructions WHERE status = 'batched'`);
    const [items] = await app.sql(`SELECT count(*)::int AS n, count(DISTINCT instruction_id)::int AS distinct_n FROM payment_batch_items WHERE status = 'live'`);
    expect(items.n).toBe(batched.n);
    expect(items.distinct_n).toBe(batched.n);
    expect(created.reduce((s, r) => s + r.body.count, 0)).toBe(batched.n);
    expect(created.reduce((s, r) => s + BigInt(r.body.total.replace('.', '')), 0n)).toBe(BigInt(batched.total));
    // Whatever is not batched was not due for any build (the latest due date asked for is the 10th).
    const [left] = await app.sql(`SELECT count(*)::int AS n FROM payment_instructions WHERE status = 'ready' AND due_on <= DATE '2026-01-10'`);
    expect(left.n).toBe(0);
    expect(batched.n).toBe(N);

    // The index itself refuses a second live item for an instruction.
    const [one] = await app.sql(`SELECT batch_id, instruction_id FROM payment_batch_items LIMIT 1`);
    const other = created.find((r) => r.body.id !== one.batch_id);
    if (other) {
      await expect(
        app.sql(
          `INSERT INTO payment_batch_items (batch_id, instruction_id, execution_on, amount_cents, end_to_end_id, creditor_name, creditor_iban, remittance, scheme_code, status)
           VALUES ($1, $2, '2026-01-01', 1, 'dup', 'x', 'x', 'x', 'x', 'live')`,
          [
          other.body.id,
          one.instruction_id,
        ]),
      ).rejects.toThrow(/payment_batch_items_one_live/);
    }
  });
});
