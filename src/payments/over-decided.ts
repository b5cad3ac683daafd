import { conflict } from '../common/errors/app-error';

/** Maps the database's refusal to instruct above the decided amount (`payment_commitments_within_decided`) to a problem. */
export function overDecided(err: unknown): never {
  const e = err as { driverError?: { constraint?: string }; constraint?: string };
  if ((e?.driverError?.constraint ?? e?.constraint) === 'payment_commitments_within_decided') {
    throw conflict('PAYMENT.OVER_DECIDED', 'The instructions for a decision would add up to more than its decided amount; nothing was written.');
  }
  throw err;
}
