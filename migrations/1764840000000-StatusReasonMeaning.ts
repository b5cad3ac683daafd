import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A failed instruction keeps the ISO 20022 meaning of the bank's reason code beside the code
 * and the bank's own text (vendor/iso20022/ExternalStatusReason1Code.csv), as it was when the
 * bank's answer came in.
 */
export class StatusReasonMeaning1764840000000 implements MigrationInterface {
  name = 'StatusReasonMeaning1764840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_instructions ADD COLUMN failure_meaning text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_instructions DROP COLUMN failure_meaning`);
  }
}
