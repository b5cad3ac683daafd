import { AppError } from '../../common/errors/app-error';
import { APPLICATION_EVENTS, APPLICATION_STATUSES, nextStatus, TRANSITIONS, type ApplicationEvent, type ApplicationStatus } from './application-lifecycle';

/** The life cycle as the law reads, written out once more by hand: the table must say exactly this. */
const EXPECTED: Record<ApplicationEvent, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  submit: { draft: 'submitted' },
  request_completion: { submitted: 'completion_requested', completion_supplied: 'completion_requested' },
  supply_completion: { completion_requested: 'completion_supplied' },
  mark_complete: { submitted: 'complete', completion_supplied: 'complete' },
  expire_completion_term: { completion_requested: 'not_processed' },
  mark_eligible: { complete: 'eligible' },
  mark_ineligible: { submitted: 'ineligible', completion_supplied: 'ineligible', complete: 'ineligible' },
  start_review: { eligible: 'in_review' },
  record_consensus: { in_review: 'scored', scored: 'scored' },
  rank: { scored: 'ranked' },
  award: { ranked: 'awarded', eligible: 'awarded', reserve: 'awarded' },
  award_partly: { ranked: 'partly_awarded', eligible: 'partly_awarded', reserve: 'partly_awarded' },
  place_on_reserve: { ranked: 'reserve', eligible: 'reserve' },
  reject: { ranked: 'rejected', eligible: 'rejected', reserve: 'rejected' },
  redecide_award: { awarded: 'awarded', partly_awarded: 'awarded', reserve: 'awarded', rejected: 'awarded' },
  decline: { awarded: 'declined', partly_awarded: 'declined' },
  redecide_partly: { awarded: 'partly_awarded', partly_awarded: 'partly_awarded', reserve: 'partly_awarded', rejected: 'partly_awarded' },
  withdraw: {
    draft: 'withdrawn',
    submitted: 'withdrawn',
    completion_requested: 'withdrawn',
    completion_supplied: 'withdrawn',
    complete: 'withdrawn',
    eligible: 'withdrawn',
    ineligible: 'withdrawn',
    in_review: 'withdrawn',
    scored: 'withdrawn',
    ranked: 'withdrawn',
  },
};

const pairs = APPLICATION_STATUSES.flatMap((status) => APPLICATION_EVENTS.map((event) => [status, event] as const));
const allowed = pairs.filter(([status, event]) => EXPECTED[event][status] !== undefined);
const refused = pairs.filter(([status, event]) => EXPECTED[event][status] === undefined);

describe('application life cycle', () => {
  it.each(allowed)('%s --%s--> the expected state', (status, event) => {
    expect(nextStatus(status, event)).toBe(EXPECTED[event][status]);
  });

  it.each(refused)('%s refuses %s with a coded conflict that names the current state', (status, event) => {
    let thrown: unknown;
    try {
      nextStatus(status, event);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.kind).toBe('conflict');
    expect(error.code).toBe('APPLICATION.ILLEGAL_TRANSITION');
    expect(error.extensions.currentStatus).toBe(status);
    expect(error.message).toContain(status);
  });

  it('covers every status and event, and nothing leaves the terminal states', () => {
    expect(allowed.length + refused.length).toBe(APPLICATION_STATUSES.length * APPLICATION_EVENTS.length);
    for (const terminal of ['withdrawn', 'not_processed', 'declined'] as const) {
      expect(APPLICATION_EVENTS.filter((e) => TRANSITIONS[e].from.includes(terminal))).toEqual([]);
    }
  });

  it('lets the applicant withdraw in every state before a decision, and only then', () => {
    const withdrawable = APPLICATION_STATUSES.filter((s) => TRANSITIONS.withdraw.from.includes(s));
    expect(withdrawable).toEqual(APPLICATION_STATUSES.filter((s) => !['withdrawn', 'not_processed', 'awarded', 'partly_awarded', 'reserve', 'rejected', 'declined'].includes(s)));
  });

  it('gives every transition an audit action and a reason in law or policy', () => {
    for (const event of APPLICATION_EVENTS) {
      expect(TRANSITIONS[event].action).toMatch(/^application\.[a-z_]+$/);
      expect(TRANSITIONS[event].rule.length).toBeGreaterThan(10);
    }
    // Two events share 'application.redecided' (full or partial new award); every other action is its own.
    expect(new Set(APPLICATION_EVENTS.map((e) => TRANSITIONS[e].action)).size).toBe(APPLICATION_EVENTS.length - 1);
  });
});
