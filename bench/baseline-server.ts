/**
 * The bare baseline of bench:submit: a plain Fastify server with `pg` that answers
 * `POST /api/v1/applications/{id}/submission` by sending PostgreSQL the very statements
 * Subsidia's submit sends (baseline-sql.ts, checked by the benchmark before it times
 * anything), in the same order and transaction shape, with parameters of the same kind.
 * No NestJS, no TypeORM, no token verification (the actor is read from the token's
 * payload unverified), no validation, no access policy, no logging.
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import { Pool, type PoolClient } from 'pg';
import { submitStatements } from './baseline-sql';

interface Actor {
  sub: string;
  role: string;
  org: string;
}

/** Who sent the request, from the JWT payload as it stands: the baseline verifies nothing. */
function actorOf(authorization: string | undefined): Actor {
  const payload = (authorization ?? '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Actor;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const euros = (cents: string | null) => (cents === null ? null : `${cents.slice(0, -2) || '0'}.${cents.slice(-2).padStart(2, '0')}`);

/** The application's JSON, as Subsidia shows it (same fields, so the audit rows are the same size). */
function view(a: Record<string, any>, coApplicantIds: string[], open: Record<string, any> | undefined) {
  return {
    id: a.id,
    schemeId: a.scheme_id,
    windowId: a.window_id,
    budgetLineId: a.budget_line_id,
    organisationId: a.organisation_id,
    coApplicantIds,
    region: a.region,
    title: a.title,
    requestedAmount: euros(a.requested_cents),
    eligibleCosts: euros(a.eligible_costs_cents),
    answers: a.answers,
    status: a.status,
    receiptNumber: a.receipt_number,
    receivedAt: iso(a.received_at),
    completenessAt: iso(a.completeness_at),
    decisionDueOn: a.decision_due_on,
    originalDecisionDueOn: a.original_decision_due_on,
    deadlineExtensionReason: a.deadline_extension_reason,
    eligibilityGrounds: a.eligibility_grounds,
    notProcessedGrounds: a.not_processed_grounds,
    withdrawalReason: a.withdrawal_reason,
    openCompletionRequest: open ?? null,
    version: a.version,
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
  };
}

export async function startBaseline(databaseUrl: string, schema: string, poolSize: number): Promise<{ url: string; close: () => Promise<void> }> {
  // As Subsidia's pool: the same size, the same search_path, int8 kept as text.
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize, options: `-c search_path=${schema},public`, application_name: 'subsidia-baseline' });
  const sql = submitStatements(schema);
  const app = Fastify();

  app.post<{ Params: { id: string } }>('/api/v1/applications/:id/submission', async (request, reply) => {
    const id = request.params.id;
    const actor = actorOf(request.headers.authorization);
    const key = String(request.headers['idempotency-key']);
    const fingerprint = createHash('sha256').update(`POST ${request.url}\nnull`).digest('hex');
    const claimed = await pool.query(sql.claimKey, [actor.sub, key, fingerprint, 24]);
    if (claimed.rowCount !== 1) return reply.code(409).send({ status: 409 });

    const client: PoolClient = await pool.connect();
    let body: ReturnType<typeof view>;
    try {
      await client.query(sql.begin);
      const [app] = (await client.query(sql.lockApplication, [id])).rows;
      const co = (await client.query(sql.coApplicants, [id])).rows.map((r) => r.CoApplicantRecord_organisation_id as string);
      const [open] = (await client.query(sql.openCompletionRequest, [id, 'open'])).rows;
      const a: Record<string, any> = Object.fromEntries(Object.entries(app).map(([k, v]) => [k.replace(/^ApplicationRecord_/, ''), v]));
      const before = view(a, co, open);
      const [scheme] = (await client.query(sql.schemeForShare, [a.scheme_id])).rows;
      const [window] = (await client.query(sql.window, [a.window_id, a.scheme_id])).rows;
      await client.query(sql.clock);
      const [org] = (await client.query(sql.organisation, [a.organisation_id])).rows;
      const lines = (await client.query(sql.budgetLines, [a.scheme_id])).rows;
      if (!scheme || !window || !org || lines.length === 0) throw new Error('setup missing');
      const [counter] = (await client.query(sql.receiptCounter, [a.scheme_id])).rows;
      const receivedAt = new Date(counter.received_at);
      const due = new Date(receivedAt.getTime() + 8 * 7 * 86_400_000).toISOString().slice(0, 10);
      const updatedAt = new Date();
      await client.query(sql.updateApplication, [lines[0].BudgetLineRecord_id, 'submitted', Number(counter.last_number), receivedAt, due, due, updatedAt, id]);
      body = view(
        { ...a, budget_line_id: lines[0].BudgetLineRecord_id, status: 'submitted', receipt_number: Number(counter.last_number), received_at: receivedAt, decision_due_on: due, original_decision_due_on: due, updated_at: updatedAt, version: a.version + 1 },
        co,
        open,
      );
      await client.query(sql.insertAudit, [actor.sub, actor.role, 'application.submitted', 'application', id, JSON.stringify(before), JSON.stringify(body), request.id]);
      await client.query(sql.commit);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    await pool.query(sql.completeKey, [actor.sub, key, 200, JSON.stringify({ etag: `"${body.version}"`, 'content-type': 'application/json; charset=utf-8' }), JSON.stringify(body)]);
    reply.header('etag', `"${body.version}"`);
    return body;
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}
