export const ROLES = ['applicant', 'reviewer', 'officer', 'finance', 'auditor', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: taken from a verified token, never from the request body. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  /** Applicants act for exactly one organisation. */
  readonly organisationId?: string;
  /** Service accounts act within their scopes: those of the token that their client still holds. */
  readonly scopes: readonly string[];
  /** Service accounts: the registered service client the token is bound to. */
  readonly clientId?: string;
}

/** What a use case needs to know about the request it serves. */
export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
}

/** The system itself (jobs, seeds): recorded as such in the audit trail. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'admin', scopes: [] };
