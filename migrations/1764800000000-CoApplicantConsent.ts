import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Security finding: a named co-applicant gained read access without its consent. Now a
 * co-applicant is `invited` until a member of that organisation accepts (or declines); only an
 * accepted one sees the application. Co-applicants named before this migration are invited
 * too: none of them ever consented.
 */
export class CoApplicantConsent1764800000000 implements MigrationInterface {
  name = 'CoApplicantConsent1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE application_co_applicants
        ADD COLUMN status text NOT NULL DEFAULT 'invited' CONSTRAINT application_co_applicants_status CHECK (status IN ('invited', 'accepted', 'declined')),
        ADD COLUMN invited_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN answered_at timestamptz,
        ADD COLUMN answered_by text,
        ADD CONSTRAINT application_co_applicants_answered CHECK ((status = 'invited') = (answered_at IS NULL))`);
    // An organisation's open invitations, and the accepted applications it may read.
    await q.query(`CREATE INDEX application_co_applicants_status_idx ON application_co_applicants (organisation_id, status, application_id)`);
  }

  async down(): Promise<void> {
    throw new Error('Forward-only migration.');
  }
}
