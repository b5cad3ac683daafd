import { PaymentLedger } from '../src/payments';
import { Transactions } from '../src/database/transactions';
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

/**
 * Issue 17: 3 of 200 concurrent batch builds answered 500, deadlocked. A build moves its
 * instructions from 'ready' to 'batched' in one statement (PaymentLedger.batched), and the
 * statement trigger that keeps each commitment's running total locked every commitment the
 * statement touched, twice, in the order a sequential scan met them (which moves as rows
 * are updated), although a status change moves no money. Two builds over instructions of
 * the same commitments could then lock them in opposite orders.
 *
 * This reproduces the builds' own statement, through the ledger, for 200 batches at once,
 * each holding instructions of many commitments (the whole HTTP build around it only makes
 * the collision rarer). Only a PostgreSQL server runs the transactions truly side by side
 * (the embedded database has one session), so it exists only with TEST_DATABASE_URL.
 */
describe('concurrent batch builds over many commitments', () => {
  const COMMITMENTS = 60;
  const BATCHES = 200;
  const PER_BATCH = 15;

  if (process.env.TEST_DATABASE_URL)
    it('Issue 17 [server only: TEST_DATABASE_URL]: 200 batches taking instructions of the same commitments at once never deadlock', async () => {
      const app = await TestApp.start({ DATABASE_POOL_SIZE: '40' });
      try {
        const officer = await app.token('officer', { sub: 'officer-d' });
        const finance = await app.token('finance', { sub: 'finance-verifier-d' });
        const scheme = await createScheme(app, officer);
        const org = await createOrganisation(app, officer);
        const account = await verifiedAccount(app, org.id, officer, finance);
        await app.sql(
          `INSERT INTO payment_commitments (key, kind, scheme_id, organisation_id, du_budget_line_id, du_region, label, decided_cents)
           SELECT 'du:' || $1 || ':R' || r, 'du', $2, $3, $1::uuid, 'R' || r, 'deadlock', 100000000 FROM generate_series(1, $4) r`,
          [scheme.budgetLines[0].id, scheme.id, org.id, COMMITMENTS],
        );
        // Instruction g belongs to commitment g * 7919 mod 60: each batch's 15 instructions to 15 scattered commitments.
        await app.sql(
          `INSERT INTO payment_instructions (number, source, source_key, commitment_key, scheme_id, organisation_id, bank_account_id, debtor_iban, amount_cents, due_on, remittance, end_to_end_id, status)
           SELECT nextval('payment_instruction_number'), 'du', 'd-' || g, 'du:' || $1 || ':R' || (1 + (g * 7919) % $6), $2, $3, $4, $5, 100 + g, DATE '2026-03-01', 'test', 'SUBS-D-' || g, 'ready'
             FROM generate_series(1, $7) g`,
          [scheme.budgetLines[0].id, scheme.id, org.id, account.id, app.config.payments.funderIban, COMMITMENTS, BATCHES * PER_BATCH],
        );
        // 200 built batches, each with its items taken, as BuildBatch leaves them just before the ledger moves their instructions.
        const batches = await app.sql<{ id: string }>(
          `INSERT INTO payment_batches (status, debtor_iban, debtor_name, due_until, built_on, instruction_count, total_cents, needs_second_approval, built_by)
           SELECT 'built', $1, 'Funder', '2026-03-01', '2026-03-01', 0, 0, false, 'finance-d-' || b FROM generate_series(1, $2) b RETURNING id`,
          [app.config.payments.funderIban, BATCHES],
        );
        await app.sql(
          `INSERT INTO payment_batch_items (batch_id, instruction_id, execution_on, amount_cents, end_to_end_id, creditor_name, creditor_iban, remittance, scheme_code, status)
           SELECT b.id, i.id, i.due_on, i.amount_cents, i.end_to_end_id, 'Stichting Test', $2, 'test', 'T', 'live'
             FROM (SELECT id, row_number() OVER () AS n FROM unnest($1::uuid[]) AS id) b
             JOIN payment_instructions i ON i.source_key LIKE 'd-%' AND (substring(i.source_key FROM 3)::int - 1) / $3 = b.n - 1`,
          [batches.map((b) => b.id), account.iban, PER_BATCH],
        );
        const [before] = await app.sql(`SELECT sum(instructed_cents)::text AS total FROM payment_commitments WHERE label = 'deadlock'`);

        const ledger = app.running.app.get(PaymentLedger, { strict: false });
        const transactions = app.running.app.get(Transactions, { strict: false });
        const outcomes = await Promise.allSettled(batches.map((b) => transactions.run((tx) => ledger.batched(tx, b.id))));
        const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { driverError?: { code?: string } }).driverError?.code ?? String(o.reason)] : []));
        expect(failures).toEqual([]); // on main: several '40P01', each a 500 to its builder

        const [batched] = await app.sql(`SELECT count(*)::int AS n FROM payment_instructions WHERE source_key LIKE 'd-%' AND status = 'batched'`);
        expect(batched.n).toBe(BATCHES * PER_BATCH);
        // A status change moves no money: the running totals are what they were.
        const [after] = await app.sql(`SELECT sum(instructed_cents)::text AS total FROM payment_commitments WHERE label = 'deadlock'`);
        expect(after.total).toBe(before.total);
      } finally {
        await app.close();
      }
    }, 180_000);
});
