import { ApplicationLifecycle, ApplicationsModule } from '../../src/applications';
import { AppError } from '../../src/common/errors/app-error';
import { toProblem } from '../../src/common/errors/problem';
import { OrganisationsModule } from '../../src/organisations';
import { SchemesModule } from '../../src/schemes';
import { anApplication, applicationRow, aScheme, auditEventsOf, type SchemeFixture } from './factories';
import { ctxOf, Features } from './support/features';

/** The error a call was rejected with (fails the test when it was not rejected). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

describe('ApplicationLifecycle (applications): the one writer of an application’s status, with its audit event', () => {
  let f: Features;
  let lifecycle: ApplicationLifecycle;
  let scheme: SchemeFixture;

  beforeAll(async () => {
    f = await Features.start(OrganisationsModule, SchemesModule, ApplicationsModule);
    lifecycle = f.get(ApplicationLifecycle);
    scheme = await aScheme(f);
  });
  afterAll(() => f?.close());

  it('Awb 4:2: mark_complete moves a submitted application to complete and writes application.marked_complete with the details, in the caller’s transaction', async () => {
    const app = await anApplication(f, scheme, { status: 'submitted' });
    const before = await applicationRow(f, app.id);
    const ctx = ctxOf({ id: 'officer-7', role: 'officer' });
    const to = await f.tx((tx) => lifecycle.apply(tx, ctx, app, 'mark_complete', { after: { completenessNote: 'alles binnen' } }));
    expect(to).toBe('complete');
    expect(await applicationRow(f, app.id)).toMatchObject({ status: 'complete', version: before.version + 1 });
    expect(await auditEventsOf(f, app.id, 'application.marked_complete')).toEqual([
      { action: 'application.marked_complete', actor_id: 'officer-7', before: { status: 'submitted' }, after: { status: 'complete', completenessNote: 'alles binnen' }, correlation_id: ctx.correlationId },
    ]);
  });

  it('every change and its audit event in one transaction: when the caller’s transaction rolls back, neither the status nor the event stays', async () => {
    const app = await anApplication(f, scheme, { status: 'submitted' });
    const before = await applicationRow(f, app.id);
    const err = await rejectionOf(
      f.tx(async (tx) => {
        await lifecycle.apply(tx, ctxOf(), app, 'mark_complete');
        // Inside the transaction both are there…
        const [{ status }] = await tx.query(`SELECT status FROM applications WHERE id = $1`, [app.id]);
        const [{ n }] = await tx.query(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'application.marked_complete'`, [app.id]);
        expect([status, n]).toEqual(['complete', 1]);
        throw new Error('the caller fails after the move');
      }),
    );
    expect(err).toEqual(new Error('the caller fails after the move'));
    // …and after the rollback neither is.
    expect(await applicationRow(f, app.id)).toMatchObject({ status: 'submitted', version: before.version });
    expect(await auditEventsOf(f, app.id, 'application.marked_complete')).toEqual([]);
  });

  it('Awb title 4.2 transition table: an illegal transition is the 409 APPLICATION.ILLEGAL_TRANSITION naming the current status, and writes nothing', async () => {
    const app = await anApplication(f, scheme, { status: 'awarded' });
    const before = await applicationRow(f, app.id);
    const eventsBefore = await auditEventsOf(f, app.id);
    const err = await rejectionOf(f.tx((tx) => lifecycle.apply(tx, ctxOf({ role: 'applicant' }), app, 'withdraw')));
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'conflict', code: 'APPLICATION.ILLEGAL_TRANSITION', extensions: { currentStatus: 'awarded', event: 'withdraw' } });
    expect((err as Error).message).toContain('awarded');
    expect(toProblem(err, `/api/v1/applications/${app.id}/withdrawal`, 'c-1').problem).toMatchObject({ status: 409, code: 'APPLICATION.ILLEGAL_TRANSITION', currentStatus: 'awarded' });
    expect(await applicationRow(f, app.id)).toEqual(before);
    expect(await auditEventsOf(f, app.id)).toEqual(eventsBefore);
  });

  it('a caller that passes a status the row no longer has (it did not hold the lock) gets the 409 APPLICATION.CHANGED_MEANWHILE, and no event is recorded', async () => {
    const app = await anApplication(f, scheme, { status: 'complete' });
    const before = await applicationRow(f, app.id);
    const stale = { id: app.id, status: 'submitted' as const };
    const err = await rejectionOf(f.tx((tx) => lifecycle.apply(tx, ctxOf({ id: 'officer-8', role: 'officer' }), stale, 'mark_complete')));
    expect(err).toMatchObject({ kind: 'conflict', code: 'APPLICATION.CHANGED_MEANWHILE', extensions: { expectedStatus: 'submitted' } });
    expect(await applicationRow(f, app.id)).toEqual(before);
    expect(await auditEventsOf(f, app.id, 'application.marked_complete')).toEqual([]);
  });

  it('a step to the same status (a consensus recorded again) moves the version but writes no audit event', async () => {
    const app = await anApplication(f, scheme, { status: 'scored' });
    const before = await applicationRow(f, app.id);
    const to = await f.tx((tx) => lifecycle.apply(tx, ctxOf(), app, 'record_consensus'));
    expect(to).toBe('scored');
    expect(await applicationRow(f, app.id)).toMatchObject({ status: 'scored', version: before.version + 1 });
    expect(await auditEventsOf(f, app.id, 'application.consensus_recorded')).toEqual([]);
  });

  it('Awb 4:25 (the decide job): applyMany moves only the rows in the `from` status, returns the count, one audit event per moved application with its row’s details', async () => {
    const eligible1 = await anApplication(f, scheme, { status: 'eligible' });
    const eligible2 = await anApplication(f, scheme, { status: 'eligible' });
    const eligible3 = await anApplication(f, scheme, { status: 'eligible' });
    const submitted = await anApplication(f, scheme, { status: 'submitted' });
    const rows = [
      { id: eligible1.id, step: 'award', details: { amount: '1000.00' } },
      { id: eligible2.id, step: 'reserve', details: { reservePosition: 1 } },
      // `decline` is not a step from eligible: its row names it, but it does not move.
      { id: eligible3.id, step: 'decline', details: { amount: '0.00' } },
      // In another status than `from`: it does not move either.
      { id: submitted.id, step: 'award', details: { amount: '500.00' } },
    ];
    const source = {
      sql: `SELECT application_id, step, details FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) AS s(application_id, step, details)`,
      params: [rows.map((r) => r.id), rows.map((r) => r.step), rows.map((r) => JSON.stringify(r.details))],
    };
    const ctx = ctxOf({ id: 'system', role: 'admin' });
    const moved = await f.tx((tx) => lifecycle.applyMany(tx, ctx, 'eligible', source, { award: 'award', reserve: 'place_on_reserve', decline: 'decline' }));
    expect(moved).toBe(2);
    expect((await applicationRow(f, eligible1.id)).status).toBe('awarded');
    expect((await applicationRow(f, eligible2.id)).status).toBe('reserve');
    expect((await applicationRow(f, eligible3.id)).status).toBe('eligible');
    expect((await applicationRow(f, submitted.id)).status).toBe('submitted');
    expect(await auditEventsOf(f, eligible1.id, 'application.awarded')).toEqual([
      { action: 'application.awarded', actor_id: 'system', before: { status: 'eligible' }, after: { status: 'awarded', amount: '1000.00' }, correlation_id: ctx.correlationId },
    ]);
    expect(await auditEventsOf(f, eligible2.id, 'application.placed_on_reserve')).toEqual([
      { action: 'application.placed_on_reserve', actor_id: 'system', before: { status: 'eligible' }, after: { status: 'reserve', reservePosition: 1 }, correlation_id: ctx.correlationId },
    ]);
    const [{ n }] = await f.sql(`SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1`, [ctx.correlationId]);
    expect(n).toBe(2);
  });

  it('applyMany with its caller’s transaction rolled back leaves every row and writes no event', async () => {
    const app = await anApplication(f, scheme, { status: 'eligible' });
    const ctx = ctxOf();
    const source = { sql: `SELECT $1::uuid AS application_id, 'award' AS step, '{}'::jsonb AS details`, params: [app.id] };
    await expect(
      f.tx(async (tx) => {
        expect(await lifecycle.applyMany(tx, ctx, 'eligible', source, { award: 'award' })).toBe(1);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await applicationRow(f, app.id)).status).toBe('eligible');
    const [{ n }] = await f.sql(`SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1`, [ctx.correlationId]);
    expect(n).toBe(0);
  });
});
