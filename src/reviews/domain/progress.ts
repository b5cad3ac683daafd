/** A committee's progress: sheets assigned, submitted and outstanding, per reviewer and in all. Plain data. */

export interface ActiveAssignment {
  reviewerId: string;
  applicationId: string;
  /** The state of its sheet; null when none is started. */
  sheetStatus: string | null;
}

export interface ReviewerProgress {
  reviewerId: string;
  assigned: number;
  submitted: number;
  outstanding: number;
}

export interface Progress {
  applications: number;
  assigned: number;
  submitted: number;
  outstanding: number;
  reviewers: ReviewerProgress[];
}

/** Counts the active assignments, leaving out those on withdrawn applications; reviewers in the order they first come. */
export function progressOf(assignments: readonly ActiveAssignment[], withdrawn: ReadonlySet<string>): Progress {
  const counted = assignments.filter((a) => !withdrawn.has(a.applicationId));
  const per = new Map<string, ReviewerProgress>();
  for (const a of counted) {
    const r = per.get(a.reviewerId) ?? { reviewerId: a.reviewerId, assigned: 0, submitted: 0, outstanding: 0 };
    r.assigned += 1;
    if (a.sheetStatus === 'submitted') r.submitted += 1;
    r.outstanding = r.assigned - r.submitted;
    per.set(a.reviewerId, r);
  }
  const reviewers = [...per.values()];
  const assigned = reviewers.reduce((n, r) => n + r.assigned, 0);
  const submitted = reviewers.reduce((n, r) => n + r.submitted, 0);
  return { applications: new Set(counted.map((a) => a.applicationId)).size, assigned, submitted, outstanding: assigned - submitted, reviewers };
}
