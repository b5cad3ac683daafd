/** What the reviewer-assignment spec files share: the loads and the rules an assignment is checked against. */
import type { AssignmentInput, ReviewAssignment } from './assignment';

export const pairs = (r: { assignments: ReviewAssignment[] }) => r.assignments.map((a) => `${a.applicationId}:${a.reviewerId}`);

/** Every pool reviewer's load, existing assignments included. */
export function loads(input: AssignmentInput, result: { assignments: ReviewAssignment[] }): Map<string, number> {
  const load = new Map(input.reviewers.map((r) => [r, 0]));
  const seen = new Set<string>();
  for (const a of [...input.existing, ...result.assignments]) {
    const key = JSON.stringify([a.applicationId, a.reviewerId]);
    if (seen.has(key) || !load.has(a.reviewerId)) continue;
    seen.add(key);
    load.set(a.reviewerId, load.get(a.reviewerId)! + 1);
  }
  return load;
}
export const spread = (load: Map<string, number>) => (load.size === 0 ? 0 : Math.max(...load.values()) - Math.min(...load.values()));

/** Whether a reviewer may sit on an application: not conflicted with it or any of its organisations. */
export const conflicted = (input: AssignmentInput, reviewerId: string, applicationId: string) => {
  const app = input.applications.find((a) => a.id === applicationId)!;
  return input.conflicts.some((c) => c.reviewerId === reviewerId && (c.applicationId === applicationId || (c.organisationId !== undefined && app.organisationIds.includes(c.organisationId))));
};
export const existingOn = (input: AssignmentInput, applicationId: string) => new Set(input.existing.filter((e) => e.applicationId === applicationId).map((e) => e.reviewerId));
export const eligibleFor = (input: AssignmentInput, applicationId: string) =>
  [...new Set(input.reviewers)].filter((r) => !conflicted(input, r, applicationId) && !existingOn(input, applicationId).has(r));
