// The kinds of grant recipient Subsidia administers. The kind decides which
// public register identifies the organisation (see organisation-identifiers.ts).
export const ORGANISATION_KINDS = ['school_board', 'municipality', 'regional_employer_organisation', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
