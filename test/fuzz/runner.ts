import { RequestBuilder, type FuzzRequest } from './requests';
import { Rng } from './rng';
import type { Operation, Spec } from './spec';
import { FUZZ_ACTORS, type FuzzActor, type FuzzWorld } from './world';

/**
 * The fuzz run: every operation of the contract by every actor once with a valid-shaped
 * request (the coverage round), then the rest of the budget spread over the operations,
 * mostly mutated, in a seeded order. Each request is checked: no 5xx, and every error a
 * problem+json document with type, title and the response's status.
 */

export interface FuzzOptions {
  seed: number;
  /** The total number of requests (at least one per operation and actor). */
  requests: number;
  /** Only these operations ("POST /schemes"), for replaying a finding. */
  only?: string[];
  /** A request not answered within this many milliseconds is a finding. */
  timeoutMs: number;
  /** An answer that took longer than this is a finding too (a ReDoS, a quadratic walk): hostile input must stay cheap. */
  slowMs: number;
}

export interface Finding {
  kind: '5xx' | 'non-problem' | 'no answer' | 'slow';
  request: FuzzRequest;
  /** The request's place in the run and its own stream: FUZZ_SEED and FUZZ_OPS replay it. */
  index: number;
  status?: number;
  contentType?: string;
  response: string;
  ms: number;
}

export interface FuzzResult {
  sent: number;
  findings: Finding[];
  /** "METHOD /path" → actors that got an answer. */
  covered: Map<string, Set<FuzzActor>>;
  /** "METHOD /path" → status → count. */
  statuses: Map<string, Map<number, number>>;
  slowest: { ms: number; request: FuzzRequest }[];
  /** Valid-shaped requests that were refused as bad input: where the generator could aim better. */
  validRefused: string[];
}

interface Planned {
  op: Operation;
  /** `undefined`: chosen when it is sent, among the actors the coverage round let past the door. */
  actor: FuzzActor | undefined;
  mutate: boolean;
  /** The request's number within its operation: it names the request's own random stream. */
  n: number;
}

/** Actors who may do most of a route's work get more of the budget than those refused at the door. */
const WEIGHT: Record<FuzzActor, number> = {
  anonymous: 1,
  applicant: 4,
  coApplicant: 2,
  chair: 2,
  reviewer: 2,
  officer: 5,
  otherOfficer: 1,
  finance: 3,
  secondApprover: 2,
  admin: 4,
  auditor: 2,
  service: 2,
  serviceNarrow: 1,
};

/** The coverage round (every operation by every actor, valid-shaped), then the rest; each part in a seeded order. */
export function plan(spec: Spec, options: FuzzOptions): Planned[] {
  const ops = spec.operations.filter((o) => !options.only?.length || options.only.includes(o.key));
  const planned: Planned[] = [];
  const next = new Map<string, number>();
  const push = (op: Operation, actor: FuzzActor | undefined, mutate: boolean) => {
    const n = next.get(op.key) ?? 0;
    next.set(op.key, n + 1);
    planned.push({ op, actor, mutate, n });
  };
  for (const op of ops) for (const actor of FUZZ_ACTORS) push(op, actor, false);
  const coverage = planned.length;
  const rest = Math.max(0, options.requests - coverage);
  const perOp = Math.floor(rest / Math.max(1, ops.length));
  for (const op of ops) {
    const rng = Rng.of(options.seed, 'mutate', op.key);
    for (let i = 0; i < perOp; i++) push(op, undefined, rng.chance(0.75));
  }
  // A seeded shuffle of each part, so that what one request changes meets the others in a mixed order.
  const order = Rng.of(options.seed, 'order');
  const shuffle = (from: number, to: number) => {
    for (let i = to - 1; i > from; i--) {
      const j = order.int(from, i);
      [planned[i], planned[j]] = [planned[j], planned[i]];
    }
  };
  shuffle(0, coverage);
  shuffle(coverage, planned.length);
  return planned;
}

/**
 * Who sends a request of the second part: mostly an actor the operation did not refuse (401,
 * 403) in the coverage round, so that the budget goes where the handlers are; sometimes anyone.
 */
function chooseActor(op: string, rng: Rng, admitted: Map<string, Set<FuzzActor>>): FuzzActor {
  const inside = FUZZ_ACTORS.filter((a) => admitted.get(op)?.has(a));
  const pool = inside.length && rng.chance(0.85) ? inside : FUZZ_ACTORS;
  return rng.weighted(pool.map((a) => [WEIGHT[a], a] as const));
}

export async function runFuzz(spec: Spec, world: FuzzWorld, options: FuzzOptions): Promise<FuzzResult> {
  const builder = new RequestBuilder(spec, world);
  const result: FuzzResult = { sent: 0, findings: [], covered: new Map(), statuses: new Map(), slowest: [], validRefused: [] };
  const planned = plan(spec, options);
  const admitted = new Map<string, Set<FuzzActor>>();
  const one = async (p: Planned, index: number, rng: Rng) => {
    const actor = p.actor ?? chooseActor(p.op.key, rng, admitted);
    const request = builder.build(p.op, actor, rng, p.mutate);
    const outcome = await send(world, request, options.timeoutMs);
    result.sent++;
    if (outcome.status !== undefined && (outcome.contentType ?? '').includes('json')) {
      try {
        world.learn(p.op.path, outcome.status, JSON.parse(outcome.text));
      } catch {
        // not JSON after all: judged below
      }
    }
    if (outcome.status !== undefined) {
      if (!result.covered.has(p.op.key)) result.covered.set(p.op.key, new Set());
      result.covered.get(p.op.key)!.add(actor);
      if (p.actor && outcome.status !== 401 && outcome.status !== 403) {
        if (!admitted.has(p.op.key)) admitted.set(p.op.key, new Set());
        admitted.get(p.op.key)!.add(actor);
      }
      if (!p.mutate && outcome.status === 400 && result.validRefused.length < 300) result.validRefused.push(`${request.op} as ${actor}: ${request.url} ${typeof request.body === 'string' ? request.body.slice(0, 300) : ''} -> ${outcome.text.slice(0, 400)}`);
      const byStatus = result.statuses.get(p.op.key) ?? new Map<number, number>();
      byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
      result.statuses.set(p.op.key, byStatus);
    }
    result.slowest.push({ ms: outcome.ms, request });
    result.slowest.sort((a, b) => b.ms - a.ms).splice(5);
    const kind = judge(outcome, options.timeoutMs, options.slowMs);
    if (kind) result.findings.push({ kind, request, index, status: outcome.status, contentType: outcome.contentType, response: outcome.text.slice(0, 400), ms: outcome.ms });
  };
  for (const [index, p] of planned.entries()) await one(p, index, Rng.of(options.seed, p.op.key, p.n));
  // Bursts: every operation that writes, BURST valid-shaped requests at once, by actors it admits
  // (locks, unique keys and counters meet their concurrent twins: a deadlock must be a 409, not a 500).
  const writes = planned.length ? spec.operations.filter((o) => o.method !== 'GET' && (!options.only?.length || options.only.includes(o.key))) : [];
  for (const [b, op] of writes.entries()) {
    await Promise.all(Array.from({ length: BURST }, (_, k) => one({ op, actor: undefined, mutate: false, n: -1 - k }, planned.length + b * BURST + k, Rng.of(options.seed, 'burst', op.key, k))));
  }
  // Mixed bursts: an operation with three others of its own area at once (a batch build beside
  // an instruction run and a cancellation, a sheet beside its submission and a reopening).
  const area = (o: Operation) => o.path.split('/')[1].split('-')[0];
  for (const [b, op] of writes.entries()) {
    const rng = Rng.of(options.seed, 'mixed', op.key);
    const others = writes.filter((o) => o !== op && area(o) === area(op));
    const group = [op, ...Array.from({ length: Math.min(BURST - 1, others.length) }, () => rng.pick(others))];
    const base = planned.length + writes.length * BURST + b * BURST;
    await Promise.all(group.map((o, k) => one({ op: o, actor: undefined, mutate: false, n: -100 - k }, base + k, Rng.of(options.seed, 'mixed', op.key, k))));
  }
  return result;
}

/** How many requests a burst sends at once. */
const BURST = 4;

interface Outcome {
  status?: number;
  contentType?: string;
  text: string;
  ms: number;
}

async function send(world: FuzzWorld, request: FuzzRequest, timeoutMs: number): Promise<Outcome> {
  const headers: Record<string, string> = { ...request.headers };
  const token = world.tokens[request.actor as FuzzActor];
  if (headers.authorization === '\u0000none') delete headers.authorization;
  else if (headers.authorization === undefined && token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  try {
    const res = await fetch(`${world.app.url}${request.url}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : new Uint8Array(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type') ?? undefined, text, ms: performance.now() - started };
  } catch (error) {
    return { text: String((error as Error)?.cause ?? error), ms: performance.now() - started };
  }
}

/** What is wrong with an answer, if anything. */
export function judge(outcome: Outcome, timeoutMs: number, slowMs: number): Finding['kind'] | undefined {
  if (outcome.status === undefined || outcome.ms > timeoutMs) return 'no answer';
  if (outcome.status >= 500) return '5xx';
  if (outcome.ms > slowMs) return 'slow';
  if (outcome.status < 400) return undefined;
  if (!(outcome.contentType ?? '').startsWith('application/problem+json')) return 'non-problem';
  try {
    const body = JSON.parse(outcome.text);
    if (typeof body?.type !== 'string' || typeof body.title !== 'string' || body.status !== outcome.status) return 'non-problem';
  } catch {
    return 'non-problem';
  }
  return undefined;
}

const excerpt = (body: FuzzRequest['body']): string => {
  if (body === undefined) return '';
  const text = typeof body === 'string' ? body : `<${body.length} bytes: ${body.subarray(0, 40).toString('latin1')}…>`;
  const shown = JSON.stringify(text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
  return ` body ${shown}`;
};

/** One line per finding, enough to see it and replay it. */
export function describeFinding(f: Finding, seed: number): string {
  const headers = Object.entries(f.request.headers)
    .filter(([k]) => k !== 'authorization' || !f.request.headers.authorization?.startsWith('Bearer ey'))
    .map(([k, v]) => `${k}: ${JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v)}`)
    .join(', ');
  return [
    `${f.kind} ${f.status ?? '-'} on ${f.request.op} as ${f.request.actor} (${f.request.mutation}) in ${Math.round(f.ms)} ms`,
    `    ${f.request.method} ${f.request.url.length > 300 ? `${f.request.url.slice(0, 300)}…` : f.request.url} [${headers}]${excerpt(f.request.body)}`,
    `    answer (${f.contentType ?? 'no content type'}): ${f.response.slice(0, 300)}`,
    `    replay: FUZZ_SEED=${seed} FUZZ_OPS='${f.request.op}' npm run fuzz   (request #${f.index} of the full run)`,
  ].join('\n');
}

/** Per operation: how many requests got which status (the run's depth at a glance). */
export function statusTable(result: FuzzResult): string {
  return [...result.statuses.entries()]
    .map(([op, byStatus]) => `${op.padEnd(78)} ${[...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ')}`)
    .join('\n');
}
