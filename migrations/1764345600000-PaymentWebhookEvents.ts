import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook events of the disbursements: a batch approved (frozen, ready for the bank) and a payment the bank rejected. */
export class PaymentWebhookEvents1764345600000 implements MigrationInterface {
  name = 'PaymentWebhookEvents1764345600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO webhook_event_types (action, event, scope) VALUES
        ('payment_batch.approved', 'batch.approved', 'payments:read'),
        ('payment_instruction.failed', 'payment.failed', 'payments:read')`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
