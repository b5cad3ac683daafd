import { createHash } from 'node:crypto';

export interface ApplicationToReview {
  id: string;
  /** The lead applicant and every co-applicant: a conflict with any of them excludes the reviewer. */
  organisationIds: string[];
}

/** A declared (or officer-recorded) conflict of interest: against an organisation, or a single application. */
export interface ReviewerConflict {
  reviewerId: string;
  organisationId?: string;
  applicationId?: string;
}

export interface ReviewAssignment {
  applicationId: string;
  reviewerId: string;
}

export interface AssignmentInput {
  applications: ApplicationToReview[];
  /** The committee members that may receive new assignments. */
  reviewers: string[];
  /** How many distinct reviewers each application needs (the scheme's reviewersPerApplication). */
  perApplication: number;
  conflicts: ReviewerConflict[];
  /**
   * Assignments that already exist, kept as they are: they count towards an application's
   * reviewers and towards a reviewer's load (also on applications not in `applications`).
   */
  existing: ReviewAssignment[];
  seed: string;
}

export interface AssignmentResult {
  /** Only the NEW assignments, ordered by application id, then reviewer id. */
  assignments: ReviewAssignment[];
  /** Applications that have too few non-conflicted reviewers: they get all there are; `missing` is the shortfall. */
  unfilled: { applicationId: string; missing: number }[];
}

/**
 * Automatic assignment of reviewers to applications.
 *
 * Rules: every application ends with `perApplication` distinct reviewers (existing ones
 * count), never a reviewer with a conflict against the application or any of its
 * organisations, never a reviewer twice. An application that cannot be filled gets every
 * eligible reviewer and is listed in `unfilled`.
 *
 * Load: a reviewer's load is its number of assignments, existing and new. The result
 * is as even as it can be: the difference between the most and the least loaded reviewer is
 * the smallest any valid completion of the existing assignments achieves (so at most 1 when
 * nobody has a conflict and nothing is assigned yet), and more strongly no new assignment can be
 * moved, directly or along a chain of moves, from a reviewer to one with at least 2 fewer
 * assignments. How: a greedy pass gives each application, in a seeded-shuffled order, its least
 * loaded eligible reviewers (ties by a seeded hash); then, while some reviewer u can hand one of
 * its new assignments on along a chain a₁: u→r₁, a₂: r₁→r₂, …, ending at a reviewer v with
 * load(v) ≤ load(u) − 2, that chain is applied. Each chain lowers Σ load² by at least 2, so this
 * ends, and an assignment where no such chain exists is decreasingly minimal on an M-convex set
 * of load vectors, which minimises the maximum and maximises the minimum load at the same time
 * (A. Frank and K. Murota, "Discrete decreasing minimization, Part I: base-polyhedra", Math. Oper. Res., 2022). The tests check it against
 * exhaustive search on small committees.
 *
 * Deterministic: the result depends on the sets in the input and the seed, not on the order
 * of any array; another seed may give another (equally even) assignment.
 */
export function assignReviewers(input: AssignmentInput): AssignmentResult {
  return fill(input);
}

export interface ReassignInput extends AssignmentInput {
  /** The reviewer who drops out: never assigned again here, even if still listed in `reviewers`. */
  departed: string;
  /**
   * The ids of the applications whose assignment to `departed` has no submitted sheet. Those
   * assignments are released and replaced; `departed`'s submitted sheets stay in `existing`
   * and keep counting as filled places.
   */
  unsubmitted: string[];
}

export interface ReassignResult extends AssignmentResult {
  /** The departed reviewer's assignments to delete (those of `unsubmitted`), by application id. */
  released: ReviewAssignment[];
}

/**
 * Replacement reviewers when a committee member drops out. `existing` holds every current
 * assignment, the departed reviewer's included; `applications` must hold (at least) the
 * applications named in `unsubmitted`, which are the only ones that receive new reviewers.
 * Same rules as assignReviewers: no conflicts, no duplicates, loads as even as possible,
 * deterministic. Throws when `unsubmitted` names an application that is not assigned to
 * `departed` or not among `applications`: the caller's data disagree with themselves.
 */
export function reassign(input: ReassignInput): ReassignResult {
  const { departed } = input;
  const released = [...new Set(input.unsubmitted)].sort(byString);
  const releasedSet = new Set(released);
  const assignedToDeparted = new Set(input.existing.filter((e) => e.reviewerId === departed).map((e) => e.applicationId));
  const known = new Set(input.applications.map((a) => a.id));
  for (const id of released) {
    if (!assignedToDeparted.has(id)) throw new Error(`Application ${id} is not assigned to reviewer ${departed}.`);
    if (!known.has(id)) throw new Error(`Application ${id} is not among the applications given.`);
  }
  const result = fill({
    applications: input.applications.filter((a) => releasedSet.has(a.id)),
    reviewers: input.reviewers.filter((r) => r !== departed),
    perApplication: input.perApplication,
    conflicts: input.conflicts,
    existing: input.existing.filter((e) => !(e.reviewerId === departed && releasedSet.has(e.applicationId))),
    seed: input.seed,
  });
  return { released: released.map((applicationId) => ({ applicationId, reviewerId: departed })), ...result };
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A seeded, unambiguous hash of some ids: the tie-breaker that makes the choice fair but reproducible. */
const seeded = (seed: string, ...parts: string[]) => createHash('sha256').update(JSON.stringify([seed, ...parts]), 'utf8').digest('hex');

/** One move of a chain: `applicationId` passes from reviewer `from` to reviewer `to`. */
interface Step {
  from: string;
  applicationId: string;
  to: string;
}

function fill(input: AssignmentInput): AssignmentResult {
  const { perApplication, seed } = input;
  if (!Number.isSafeInteger(perApplication) || perApplication < 0) throw new Error(`perApplication must be a non-negative integer, got ${perApplication}.`);

  // Canonical order first, so that nothing below depends on the order of the input arrays.
  const applications = [...input.applications].sort((a, b) => byString(a.id, b.id));
  for (let i = 1; i < applications.length; i++) {
    if (applications[i].id === applications[i - 1].id) throw new Error(`Application ${applications[i].id} appears twice.`);
  }
  const reviewers = [...new Set(input.reviewers)].sort(byString);
  const inPool = new Set(reviewers);

  const conflictsOf = new Map<string, { organisations: Set<string>; applications: Set<string> }>();
  for (const c of input.conflicts) {
    if (c.organisationId === undefined && c.applicationId === undefined) throw new Error(`A conflict of reviewer ${c.reviewerId} names neither an organisation nor an application.`);
    const entry = conflictsOf.get(c.reviewerId) ?? { organisations: new Set<string>(), applications: new Set<string>() };
    if (c.organisationId !== undefined) entry.organisations.add(c.organisationId);
    if (c.applicationId !== undefined) entry.applications.add(c.applicationId);
    conflictsOf.set(c.reviewerId, entry);
  }
  const conflicted = (reviewerId: string, app: ApplicationToReview) => {
    const c = conflictsOf.get(reviewerId);
    return !!c && (c.applications.has(app.id) || app.organisationIds.some((o) => c.organisations.has(o)));
  };

  // Existing assignments, without repeats: who is already on which application, and every pool reviewer's load.
  const existingOn = new Map<string, Set<string>>();
  const load = new Map(reviewers.map((r) => [r, 0]));
  for (const e of input.existing) {
    const on = existingOn.get(e.applicationId) ?? new Set<string>();
    if (on.has(e.reviewerId)) continue;
    on.add(e.reviewerId);
    existingOn.set(e.applicationId, on);
    if (inPool.has(e.reviewerId)) load.set(e.reviewerId, load.get(e.reviewerId)! + 1);
  }

  // Who may newly be put on each application: in the pool, not conflicted, not already on it.
  const eligible = new Map(applications.map((a) => [a.id, reviewers.filter((r) => !conflicted(r, a) && !existingOn.get(a.id)?.has(r))]));
  const newOn = new Map(applications.map((a) => [a.id, new Set<string>()]));
  const newOf = new Map(reviewers.map((r) => [r, new Set<string>()]));
  const unfilled: AssignmentResult['unfilled'] = [];

  // Greedy pass: in a seeded-shuffled order, each application takes its least loaded eligible reviewers.
  const order = applications.map((a) => ({ a, key: seeded(seed, 'application', a.id) })).sort((x, y) => byString(x.key, y.key) || byString(x.a.id, y.a.id));
  for (const { a } of order) {
    const need = Math.max(0, perApplication - (existingOn.get(a.id)?.size ?? 0));
    if (need === 0) continue;
    const candidates = eligible
      .get(a.id)!
      .map((r) => ({ r, key: seeded(seed, 'pick', a.id, r) }))
      .sort((x, y) => load.get(x.r)! - load.get(y.r)! || byString(x.key, y.key) || byString(x.r, y.r));
    for (const { r } of candidates.slice(0, need)) {
      newOn.get(a.id)!.add(r);
      newOf.get(r)!.add(a.id);
      load.set(r, load.get(r)! + 1);
    }
    if (candidates.length < need) unfilled.push({ applicationId: a.id, missing: need - candidates.length });
  }

  // Levelling pass: move new assignments along chains from a reviewer to one with ≥ 2 fewer, while any exists.
  const reviewerKey = new Map(reviewers.map((r) => [r, seeded(seed, 'reviewer', r)]));
  const appRank = new Map(order.map(({ a }, i) => [a.id, i]));
  for (;;) {
    const sources = reviewers
      .filter((r) => newOf.get(r)!.size > 0)
      .sort((x, y) => load.get(y)! - load.get(x)! || byString(reviewerKey.get(x)!, reviewerKey.get(y)!));
    const chain = sources.reduce<Step[] | null>((found, u) => found ?? findChain(u), null);
    if (!chain) break;
    for (const { from, applicationId, to } of chain) {
      newOn.get(applicationId)!.delete(from);
      newOn.get(applicationId)!.add(to);
      newOf.get(from)!.delete(applicationId);
      newOf.get(to)!.add(applicationId);
    }
    const u = chain[0].from;
    const v = chain[chain.length - 1].to;
    load.set(u, load.get(u)! - 1);
    load.set(v, load.get(v)! + 1);
  }

  /**
   * Breadth-first search over the residual graph: from a reviewer to the applications it newly
   * holds, from an application to the eligible reviewers not on it. Every application is used
   * at most once, so applying the chain keeps every application's reviewers distinct.
   */
  function findChain(u: string): Step[] | null {
    const limit = load.get(u)! - 2;
    const cameFrom = new Map<string, Step>();
    const seenApps = new Set<string>();
    const queue = [u];
    const seenReviewers = new Set([u]);
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head];
      const apps = [...newOf.get(x)!].sort((p, q) => appRank.get(p)! - appRank.get(q)!);
      for (const applicationId of apps) {
        if (seenApps.has(applicationId)) continue;
        seenApps.add(applicationId);
        for (const y of eligible.get(applicationId)!) {
          if (seenReviewers.has(y) || newOn.get(applicationId)!.has(y)) continue;
          seenReviewers.add(y);
          cameFrom.set(y, { from: x, applicationId, to: y });
          if (load.get(y)! <= limit) {
            const chain: Step[] = [];
            for (let at = y; at !== u; at = cameFrom.get(at)!.from) chain.unshift(cameFrom.get(at)!);
            return chain;
          }
          queue.push(y);
        }
      }
    }
    return null;
  }

  const assignments: ReviewAssignment[] = [];
  for (const a of applications) {
    for (const reviewerId of [...newOn.get(a.id)!].sort(byString)) assignments.push({ applicationId: a.id, reviewerId });
  }
  unfilled.sort((x, y) => byString(x.applicationId, y.applicationId));
  return { assignments, unfilled };
}
