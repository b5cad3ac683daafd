/**
 * A co-applicant's consent (security finding: naming an organisation gave it read access
 * without its consent). A named organisation is `invited`; a member of it accepts or
 * declines, once. Only an `accepted` co-applicant reads the application; the lead sees
 * every invitation's status.
 */
export type CoApplicantStatus = 'invited' | 'accepted' | 'declined';

export const CO_APPLICANT_STATUSES: readonly CoApplicantStatus[] = ['invited', 'accepted', 'declined'];

export type Answer = 'accept' | 'decline';

/** The status an answer moves an invitation to, or why it may not (an invitation is answered once). */
export function answerInvitation(current: CoApplicantStatus, answer: Answer): { next: CoApplicantStatus } | { refused: string } {
  if (current !== 'invited') return { refused: `This invitation was already ${current}; it is answered once.` };
  return { next: answer === 'accept' ? 'accepted' : 'declined' };
}

/** Whether a co-applicant in this status may read the application. */
export const readsApplication = (status: CoApplicantStatus): boolean => status === 'accepted';

/**
 * A new list of co-applicants against the current one: who is invited anew, who is no
 * longer named; whoever stays keeps its answer (a lead cannot reset a decline into a new invitation by re-sending the list).
 */
export function coApplicantChanges(current: readonly string[], next: readonly string[]): { invited: string[]; removed: string[] } {
  return { invited: next.filter((id) => !current.includes(id)), removed: current.filter((id) => !next.includes(id)) };
}
