/**
 * The baseline of the decide benchmark: the decision rows of one window computed by plain
 * SQL (window functions for the cumulative sum against the ceiling), with the same
 * outcome, amount, reserve position and grounds as the engines in
 * src/awards/domain/allocation.ts produce. It serves twice: timed, as one
 * `INSERT … SELECT` into `decisions`; and afterwards, as the reference the job's rows are
 * compared with, so the two sides of the ratio are known to write the same rows.
 *
 * Both queries take: $1 window id, $2 budget line id, $3 committee id (ranked) or lottery
 * seed (first come), $4 crossing policy, $5 the statuses to take (null: every application
 * of the window, for the comparison after the job has changed them), $6 the run.
 */

/**
 * What run $6 awarded from the line already: compared after the job, the line's total
 * includes the run's own awards, which were not there when it decided. (Nothing while the
 * baseline's own statement runs: its rows are not in its snapshot.)
 */
const UNDONE = `coalesce((SELECT sum(d.amount_cents) FROM decisions d WHERE d.run_id = $6 AND d.budget_line_id = $2), 0)::bigint`;

/** formatAmount in SQL, for non-negative cents. */
const eur = (cents: string) => `((${cents}) / 100)::text || '.' || lpad(((${cents}) % 100)::text, 2, '0')`;

/** The rows: application_id, outcome, amount, requested, line, grounds (jsonb), reserve_position. */
export const RANKED_DECISIONS = `
  WITH e AS (
    SELECT x.application_id AS id, x.rank, x.threshold_reasons AS reasons
      FROM rankings r JOIN ranking_entries x ON x.ranking_id = r.id
     WHERE r.committee_id = $3
  ), c AS (
    SELECT a.id, a.requested_cents AS requested, e.rank, e.reasons
      FROM applications a JOIN e ON e.id = a.id
     WHERE a.window_id = $1 AND a.budget_line_id = $2 AND ($5::text[] IS NULL OR a.status = ANY($5::text[]))
  ), line AS (
    SELECT id, greatest(ceiling_cents - awarded_cents + ${UNDONE}, 0) AS available FROM budget_lines WHERE id = $2
  ), counted AS (
    SELECT count(*) AS ranked FROM c WHERE rank IS NOT NULL
  ), q AS (
    SELECT c.*, row_number() OVER w AS pos, (sum(c.requested) OVER w)::bigint AS cum
      FROM c WHERE c.rank IS NOT NULL
    WINDOW w AS (ORDER BY c.rank, c.id ROWS UNBOUNDED PRECEDING)
  ), k AS (
    -- The crossing application: the first whose cumulative request passes what is available.
    SELECT q.pos, q.rank, line.available - (q.cum - q.requested) AS remaining
      FROM q, line WHERE q.cum > line.available ORDER BY q.pos LIMIT 1
  ), decided AS (
    SELECT q.*, line.id AS line, line.available, k.pos AS kpos, k.rank AS krank, k.remaining AS kremaining,
           CASE WHEN k.pos IS NULL OR q.pos < k.pos THEN 'awarded'
                WHEN q.pos = k.pos AND $4 = 'partial_award' AND k.remaining > 0 THEN 'partly_awarded'
                ELSE 'reserve' END AS outcome
      FROM q CROSS JOIN line LEFT JOIN k ON true
  ), positioned AS (
    SELECT d.*, CASE WHEN d.outcome = 'reserve'
                     THEN d.pos - d.kpos + CASE WHEN $4 = 'partial_award' AND d.kremaining > 0 THEN 0 ELSE 1 END END AS reserve_position
      FROM decided d
  )
  SELECT p.id AS application_id, p.outcome, p.requested, p.line,
         CASE p.outcome WHEN 'awarded' THEN p.requested WHEN 'partly_awarded' THEN p.kremaining ELSE 0 END AS amount,
         p.reserve_position,
         jsonb_build_array(format('rank %s of %s', p.rank, (SELECT ranked FROM counted))) ||
         CASE p.outcome
           WHEN 'awarded' THEN jsonb_build_array(format('awarded in full: %s requested, %s remaining on budget line %s',
                                                        ${eur('p.requested')}, ${eur('p.available - (p.cum - p.requested)')}, p.line))
           WHEN 'partly_awarded' THEN jsonb_build_array(format('ceiling reached: remaining %s awarded of %s requested', ${eur('p.kremaining')}, ${eur('p.requested')}))
           ELSE CASE WHEN p.pos = p.kpos
                     THEN jsonb_build_array(format('ceiling reached: %s requested, %s remaining', ${eur('p.requested')}, ${eur('p.kremaining')}),
                                            format('reserve list position %s', p.reserve_position))
                     ELSE jsonb_build_array(format('ceiling reached at rank %s', p.krank), format('reserve list position %s', p.reserve_position)) ||
                          CASE WHEN $4 = 'reserve_list' AND p.requested <= p.kremaining
                               THEN jsonb_build_array('rank order is strict: a higher-ranked application is not funded, so no lower-ranked one is')
                               ELSE '[]'::jsonb END
                END
         END AS grounds
    FROM positioned p
  UNION ALL
  SELECT c.id, 'below_threshold', c.requested, $2::uuid, 0, NULL, jsonb_build_array('below threshold') || c.reasons
    FROM c WHERE c.rank IS NULL`;

/**
 * First come, first served: time order (completeness, receipt number, id); the
 * applications complete on the (Amsterdam) day of the crossing one are reordered by the
 * lottery, sha256(seed:id), and the line is served again in the new order.
 */
export const FIRST_COME_DECISIONS = `
  WITH c AS (
    SELECT a.id, a.requested_cents AS requested, a.receipt_number AS receipt, a.completeness_at AS at,
           (a.completeness_at AT TIME ZONE 'Europe/Amsterdam')::date AS day
      FROM applications a
     WHERE a.window_id = $1 AND a.budget_line_id = $2 AND ($5::text[] IS NULL OR a.status = ANY($5::text[]))
  ), line AS (
    SELECT id, greatest(ceiling_cents - awarded_cents + ${UNDONE}, 0) AS available FROM budget_lines WHERE id = $2
  ), timed AS (
    SELECT c.day, (sum(c.requested) OVER (ORDER BY c.at, c.receipt, c.id ROWS UNBOUNDED PRECEDING))::bigint AS cum FROM c
  ), lottery AS (
    -- The cumulative sum only grows, so the first row past the ceiling is the crossing one.
    SELECT t.day FROM timed t, line WHERE t.cum > line.available ORDER BY t.cum LIMIT 1
  ), drawn AS (
    SELECT c.*, coalesce(c.day = l.day, false) AS in_lottery,
           CASE WHEN c.day = l.day THEN encode(sha256(convert_to($3 || ':' || c.id::text, 'UTF8')), 'hex') END AS ticket
      FROM c LEFT JOIN lottery l ON true
  ), lottery_day AS (
    SELECT count(*) FILTER (WHERE in_lottery) AS n, min(at) FILTER (WHERE in_lottery) AS first_at, count(*) AS queued FROM drawn
  ), q AS (
    SELECT d.*, ld.n AS drawn_n, ld.queued,
           row_number() OVER w AS pos, (sum(d.requested) OVER w)::bigint AS cum,
           row_number() OVER (PARTITION BY d.in_lottery ORDER BY d.ticket COLLATE "C", d.id) AS draw
      FROM drawn d CROSS JOIN lottery_day ld
    WINDOW w AS (ORDER BY CASE WHEN d.in_lottery THEN ld.first_at ELSE d.at END, d.ticket COLLATE "C", d.receipt, d.id ROWS UNBOUNDED PRECEDING)
  ), k AS (
    SELECT q.pos, line.available - (q.cum - q.requested) AS remaining FROM q, line WHERE q.cum > line.available ORDER BY q.pos LIMIT 1
  ), decided AS (
    SELECT q.*, line.id AS line, line.available, k.pos AS kpos, k.remaining AS kremaining,
           CASE WHEN k.pos IS NULL OR q.pos < k.pos THEN 'awarded'
                WHEN q.pos = k.pos AND $4 = 'partial_award' AND k.remaining > 0 THEN 'partly_awarded'
                WHEN $4 = 'reserve_list' THEN 'reserve'
                ELSE 'rejected' END AS outcome
      FROM q CROSS JOIN line LEFT JOIN k ON true
  )
  SELECT d.id AS application_id, d.outcome, d.requested, d.line,
         CASE d.outcome WHEN 'awarded' THEN d.requested WHEN 'partly_awarded' THEN d.kremaining ELSE 0 END AS amount,
         CASE WHEN d.outcome = 'reserve' THEN d.pos - d.kpos + 1 END AS reserve_position,
         jsonb_build_array(format('complete on %s, receipt number %s',
                                  to_char(d.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD"T"HH24:MI:SS') ||
                                  '+' || to_char((d.at AT TIME ZONE 'Europe/Amsterdam') - (d.at AT TIME ZONE 'UTC'), 'HH24:MI'),
                                  d.receipt)) ||
         CASE WHEN d.in_lottery
              THEN jsonb_build_array(format('lottery among the %s applications complete on %s: drawn %s of %s', d.drawn_n, d.day, d.draw, d.drawn_n))
              ELSE '[]'::jsonb END ||
         jsonb_build_array(format('position %s of %s on budget line %s', d.pos, d.queued, d.line)) ||
         CASE d.outcome
           WHEN 'awarded' THEN jsonb_build_array(format('awarded in full: %s requested, %s remaining', ${eur('d.requested')}, ${eur('d.available - (d.cum - d.requested)')}))
           WHEN 'partly_awarded' THEN jsonb_build_array(format('ceiling reached: remaining %s awarded of %s requested', ${eur('d.kremaining')}, ${eur('d.requested')}))
           ELSE jsonb_build_array(CASE WHEN d.pos = d.kpos THEN format('ceiling reached: %s requested, %s remaining', ${eur('d.requested')}, ${eur('d.kremaining')})
                                       ELSE 'ceiling reached' END) ||
                CASE WHEN d.outcome = 'reserve' THEN jsonb_build_array(format('reserve list position %s', d.pos - d.kpos + 1)) ELSE '[]'::jsonb END
         END AS grounds
    FROM decided d`;

/** The timed baseline: the rows above written into `decisions` by one statement. $6 run, $7 conditions, $8 decided on, $9 objection term end. */
export const insertDecisions = (decisions: string) => `
  INSERT INTO decisions (application_id, run_id, version, status, outcome, requested_cents, amount_cents, budget_line_id,
                         grounds, conditions, reserve_position, decided_on, objection_term_ends_on, created_by)
  SELECT e.application_id, $6, 1, 'current', e.outcome, e.requested, e.amount, e.line, e.grounds, $7, e.reserve_position, $8, $9, 'bench'
    FROM (${decisions}) AS e`;

/** Rows of the job's run that differ from the reference, and the other way round. */
export const compareWithRun = (decisions: string) => `
  WITH expected AS (${decisions}),
  actual AS (
    SELECT application_id, outcome, requested_cents AS requested, budget_line_id AS line, amount_cents AS amount, reserve_position, grounds
      FROM decisions WHERE run_id = $6
  )
  SELECT (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM expected) x)::int AS only_in_job,
         (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM actual) x)::int AS only_in_baseline,
         (SELECT count(*) FROM expected)::int AS rows`;
