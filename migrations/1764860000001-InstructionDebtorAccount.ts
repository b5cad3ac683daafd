import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An instruction keeps the whole debtor account it was generated for (issue 15): besides the
 * IBAN, its BIC and name, so a build can still name the account after its scheme moved to
 * another (null on rows from before: they were the installation's FUNDER_* account).
 */
export class InstructionDebtorAccount1764860000001 implements MigrationInterface {
  name = 'InstructionDebtorAccount1764860000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_instructions ADD COLUMN debtor_bic text, ADD COLUMN debtor_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment_instructions DROP COLUMN debtor_name, DROP COLUMN debtor_bic`);
  }
}
