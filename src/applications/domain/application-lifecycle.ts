import { conflict } from '../../common/errors/app-error';

/**
 * The life of an application under the Awb, title 4.2, up to the award decision: the
 * completeness check, eligibility, and (on ranked schemes) the committee's review.
 */
export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'completion_requested',
  'completion_supplied',
  'complete',
  'eligible',
  'ineligible',
  'in_review',
  'scored',
  'ranked',
  'awarded',
  'partly_awarded',
  'reserve',
  'rejected',
  'declined',
  'not_processed',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const APPLICATION_EVENTS = [
  'submit',
  'request_completion',
  'supply_completion',
  'mark_complete',
  'expire_completion_term',
  'mark_eligible',
  'mark_ineligible',
  'start_review',
  'record_consensus',
  'rank',
  'award',
  'award_partly',
  'place_on_reserve',
  'reject',
  'redecide_award',
  'redecide_partly',
  'decline',
  'withdraw',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

/** Who may cause an event: the applicant's organisation, a programme officer, or the system's own jobs. */
export type EventActor = 'applicant' | 'officer' | 'system';

interface Transition {
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  by: EventActor;
  /** The audit trail's name for it. */
  action: string;
  /** Why the rule is what it is. */
  rule: string;
}

/** Every allowed transition, in one table. Anything not listed here is refused. */
export const TRANSITIONS: Readonly<Record<ApplicationEvent, Transition>> = {
  submit: { from: ['draft'], to: 'submitted', by: 'applicant', action: 'application.submitted', rule: 'Awb 4:1: an application is made by the applicant' },
  request_completion: {
    from: ['submitted', 'completion_supplied'],
    to: 'completion_requested',
    by: 'officer',
    action: 'application.completion_requested',
    rule: 'Awb 4:5: an incomplete application gets a term to complete it',
  },
  supply_completion: {
    from: ['completion_requested'],
    to: 'completion_supplied',
    by: 'applicant',
    action: 'application.completion_supplied',
    rule: 'Awb 4:5: the applicant completes within the term',
  },
  mark_complete: {
    from: ['submitted', 'completion_supplied'],
    to: 'complete',
    by: 'officer',
    action: 'application.marked_complete',
    rule: 'Awb 4:2: the application holds what the decision needs',
  },
  expire_completion_term: {
    from: ['completion_requested'],
    to: 'not_processed',
    by: 'system',
    action: 'application.not_processed',
    rule: 'Awb 4:5 lid 1: not completed within the term, so not processed (buiten behandeling gesteld)',
  },
  mark_eligible: { from: ['complete'], to: 'eligible', by: 'officer', action: 'application.marked_eligible', rule: 'the scheme’s eligibility conditions are met' },
  mark_ineligible: {
    from: ['submitted', 'completion_supplied', 'complete'],
    to: 'ineligible',
    by: 'officer',
    action: 'application.marked_ineligible',
    rule: 'the scheme’s eligibility conditions are not met (grounds required)',
  },
  start_review: {
    from: ['eligible'],
    to: 'in_review',
    by: 'officer',
    action: 'application.review_started',
    rule: 'a ranked scheme’s eligible applications go to its assessment committee',
  },
  record_consensus: {
    from: ['in_review', 'scored'],
    to: 'scored',
    by: 'officer',
    action: 'application.consensus_recorded',
    rule: 'the committee’s consensus scores, per criterion, with their motivation',
  },
  rank: {
    from: ['scored'],
    to: 'ranked',
    by: 'officer',
    action: 'application.ranked',
    rule: 'Awb 4:26: on a ranked scheme the ceiling is distributed in the order of the ranking',
  },
  award: {
    from: ['ranked', 'eligible', 'reserve'],
    to: 'awarded',
    by: 'system',
    action: 'application.awarded',
    rule: 'Awb 4:1 and 4:25: the subsidy is granted within the ceiling (verlening)',
  },
  award_partly: {
    from: ['ranked', 'eligible', 'reserve'],
    to: 'partly_awarded',
    by: 'system',
    action: 'application.partly_awarded',
    rule: 'Awb 4:25: the application that reaches the ceiling gets what remains of it, where the scheme says so',
  },
  place_on_reserve: {
    from: ['ranked', 'eligible'],
    to: 'reserve',
    by: 'system',
    action: 'application.placed_on_reserve',
    rule: 'the ceiling is reached: the application waits on the reserve list for money that frees up',
  },
  reject: {
    from: ['ranked', 'eligible', 'reserve'],
    to: 'rejected',
    by: 'system',
    action: 'application.rejected',
    rule: 'Awb 4:25 lid 2: refused because the ceiling is reached, or not fundable below a threshold',
  },
  redecide_award: {
    from: ['awarded', 'partly_awarded', 'reserve', 'rejected'],
    to: 'awarded',
    by: 'officer',
    action: 'application.redecided',
    rule: 'Awb 7:11: an objection that is upheld leads to a new decision (here: the full request)',
  },
  redecide_partly: {
    from: ['awarded', 'partly_awarded', 'reserve', 'rejected'],
    to: 'partly_awarded',
    by: 'officer',
    action: 'application.redecided',
    rule: 'Awb 7:11: an objection that is upheld leads to a new decision (here: part of the request)',
  },
  decline: {
    from: ['awarded', 'partly_awarded'],
    to: 'declined',
    by: 'applicant',
    action: 'application.award_declined',
    rule: 'the applicant renounces the award (afstand); the money goes to the reserve list',
  },
  withdraw: {
    from: ['draft', 'submitted', 'completion_requested', 'completion_supplied', 'complete', 'eligible', 'ineligible', 'in_review', 'scored', 'ranked'],
    to: 'withdrawn',
    by: 'applicant',
    action: 'application.withdrawn',
    rule: 'an applicant may withdraw an application at any time before the decision',
  },
};

/** The state an event leads to, or a coded conflict that names the current state. */
export function nextStatus(current: ApplicationStatus, event: ApplicationEvent): ApplicationStatus {
  const transition = TRANSITIONS[event];
  if (!transition.from.includes(current)) {
    throw conflict('APPLICATION.ILLEGAL_TRANSITION', `An application that is ${current} cannot ${event.replace(/_/g, ' ')}.`, {
      currentStatus: current,
      event,
      allowedFrom: transition.from,
    });
  }
  return transition.to;
}

/** Statuses in which the applicant can still change the application itself (not only add what was asked). */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = ['draft'];

/** Statuses that are still waiting for a decision: the decision deadline runs. */
export const PENDING_DECISION_STATUSES: readonly ApplicationStatus[] = [
  'submitted',
  'completion_requested',
  'completion_supplied',
  'complete',
  'eligible',
  'ineligible',
  'in_review',
  'scored',
  'ranked',
];
