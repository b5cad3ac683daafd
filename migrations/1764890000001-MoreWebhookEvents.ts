import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events for the rest of what other systems follow: every formal decision (the 4:5 decision
 * not to process an application joins decision.made), an objection decided, a final
 * determination, a recovery claim and its repayment or set-off, a payment booked (a batch
 * booked, or one payment found paid on a bank statement) and a DU allocation published (or amended: published again).
 */
export class MoreWebhookEvents1764890000001 implements MigrationInterface {
  name = 'MoreWebhookEvents1764890000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO webhook_event_types (action, event, scope) VALUES
        ('application.not_processed', 'decision.made', 'decisions:read'),
        ('objection.upheld', 'objection.decided', 'decisions:read'),
        ('objection.rejected', 'objection.decided', 'decisions:read'),
        ('application.finally_determined', 'determination.made', 'decisions:read'),
        ('recovery_claim.created', 'recovery_claim.created', 'payments:read'),
        ('recovery_claim.repaid', 'recovery_claim.repaid', 'payments:read'),
        ('recovery_claim.offset', 'recovery_claim.repaid', 'payments:read'),
        ('payment_batch.booked', 'payment.booked', 'payments:read'),
        ('payment_instruction.paid', 'payment.booked', 'payments:read'),
        ('du_allocation.published', 'du_allocation.published', 'decisions:read'),
        ('du_allocation.amended', 'du_allocation.published', 'decisions:read')`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only.');
  }
}
