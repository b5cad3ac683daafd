import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Application } from '../applications';
import { AwardPayables, type CurrentDecision } from '../awards';
import { conflict, notFound } from '../common/errors/app-error';
import { SchemeDirectory, type Scheme } from '../schemes';
import { isDirectlyDetermined } from './domain/settlement';

/** A scheme's direct-determination limit (small awards are final at once), or null. */
export function directDeterminationLimit(scheme: Pick<Scheme, 'rules'>): bigint | null {
  const raw = (scheme.rules as { directDeterminationUpToCents?: string | null }).directDeterminationUpToCents;
  return raw === undefined || raw === null ? null : BigInt(raw);
}

export const directConflict = () =>
  conflict('DETERMINATION.DIRECT', 'This award is at or below the scheme’s direct-determination amount: it was final at once (no accounts, no final determination).');

/**
 * The award an applicant accounts for and an officer determines finally: the application's
 * current decision, awarded (404 `DECISION.NOT_FOUND` otherwise), of an application that
 * stands awarded (409 `DETERMINATION.NOT_AWARDED`), with its scheme and whether it was final
 * at once (at or below the scheme's direct-determination amount).
 */
@Injectable()
export class SettleableAward {
  constructor(
    private readonly awards: AwardPayables,
    private readonly schemes: SchemeDirectory,
  ) {}

  async load(em: EntityManager, app: Pick<Application, 'id' | 'schemeId' | 'status'>): Promise<{ decision: CurrentDecision; scheme: Scheme; direct: boolean }> {
    const decision = await this.awards.currentDecision(em, app.id);
    if (!decision || !['awarded', 'partly_awarded'].includes(decision.outcome) || decision.amountCents === 0n) {
      throw notFound('DECISION.NOT_FOUND', `Application ${app.id} has no award to account for.`);
    }
    if (!['awarded', 'partly_awarded'].includes(app.status)) {
      throw conflict('DETERMINATION.NOT_AWARDED', `The application is ${app.status}: there is no award to determine.`, { currentStatus: app.status });
    }
    const scheme = await this.schemes.get(em, app.schemeId);
    return { decision, scheme, direct: isDirectlyDetermined(decision.amountCents, directDeterminationLimit(scheme)) };
  }
}
