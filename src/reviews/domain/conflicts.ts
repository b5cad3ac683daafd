/** Declared conflicts of interest and the applications they touch. Plain data. */

export interface DeclaredConflict {
  reviewerId: string;
  organisationId: string | null;
  applicationId: string | null;
}

/** An application with every organisation in it: the lead applicant first, then its co-applicants. */
export interface ApplicationParties {
  id: string;
  organisationIds: readonly string[];
}

/** A conflict touches an application it names, or one its organisation is the lead or a co-applicant of. */
export function touches(conflict: DeclaredConflict, app: ApplicationParties): boolean {
  return conflict.applicationId === app.id || (conflict.organisationId !== null && app.organisationIds.includes(conflict.organisationId));
}

/** Whether `reviewerId` has declared a conflict that touches the application. */
export function isConflicted(conflicts: readonly DeclaredConflict[], reviewerId: string, app: ApplicationParties): boolean {
  return conflicts.some((c) => c.reviewerId === reviewerId && touches(c, app));
}
