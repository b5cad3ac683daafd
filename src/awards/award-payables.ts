import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApplicationDirectory, type ApplicationSummary } from '../applications';
import type { Cents } from '../common/money/money';
import { PayablesRepository } from './persistence/payables.repository';

/** A current award (awarded or partly awarded) of an application that stands awarded: what is to be paid, to whom. */
export interface PayableAward {
  applicationId: string;
  decisionId: string;
  decisionVersion: number;
  amountCents: Cents;
  schemeId: string;
  organisationId: string;
  receiptNumber: number;
}

/** One advance (voorschot) of a payable award's schedule. */
export interface PayableAdvance {
  applicationId: string;
  decisionVersion: number;
  schemeId: string;
  organisationId: string;
  receiptNumber: number;
  sequence: number;
  amountCents: Cents;
  dueOn: string;
  /** How many advances the schedule has. */
  advanceCount: number;
}

/** The current decision of an application, whatever its outcome (for accounts and the final determination). */
export interface CurrentDecision {
  id: string;
  version: number;
  outcome: string;
  amountCents: Cents;
}

const STANDS_AWARDED: readonly string[] = ['awarded', 'partly_awarded'];

/**
 * What award decisions make payable, for the payments feature: the current awarded
 * decisions of applications that stand awarded, with their amounts, the application's
 * scheme and organisation, and their advance schedules. Set-based: one query for the
 * decisions (or their lines) and one for their applications, however many there are.
 */
@Injectable()
export class AwardPayables {
  constructor(private readonly applications: ApplicationDirectory) {}

  async currentAwards(em: EntityManager): Promise<PayableAward[]> {
    const awards = await new PayablesRepository(em).currentAwards();
    const apps = await this.awardedApplications(em, awards.map((a) => a.applicationId));
    return awards.flatMap((a) => {
      const app = apps.get(a.applicationId);
      return app
        ? [{ applicationId: a.applicationId, decisionId: a.decisionId, decisionVersion: a.version, amountCents: a.amountCents, schemeId: app.schemeId, organisationId: app.organisationId, receiptNumber: app.receiptNumber! }]
        : [];
    });
  }

  /** The advances with an amount due up to `dueUntil`, by due date, receipt number and sequence. */
  async advancesDue(em: EntityManager, dueUntil: string): Promise<PayableAdvance[]> {
    const lines = await new PayablesRepository(em).advancesDue(dueUntil);
    const apps = await this.awardedApplications(em, [...new Set(lines.map((l) => l.applicationId))]);
    const out: PayableAdvance[] = [];
    for (const l of lines) {
      const app = apps.get(l.applicationId);
      if (!app) continue;
      out.push({
        applicationId: l.applicationId,
        decisionVersion: l.version,
        schemeId: app.schemeId,
        organisationId: app.organisationId,
        receiptNumber: app.receiptNumber!,
        sequence: l.sequence,
        amountCents: l.amountCents,
        dueOn: l.dueOn,
        advanceCount: l.of,
      });
    }
    return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.receiptNumber - b.receiptNumber || a.sequence - b.sequence));
  }

  /** The application's current decision, whatever its outcome, or null when it has none. */
  async currentDecision(em: EntityManager, applicationId: string): Promise<CurrentDecision | null> {
    const d = await new PayablesRepository(em).currentOf(applicationId);
    return d ? { id: d.decisionId, version: d.version, outcome: d.outcome, amountCents: d.amountCents } : null;
  }

  private async awardedApplications(em: EntityManager, ids: string[]): Promise<Map<string, ApplicationSummary>> {
    const apps = await this.applications.summaries(em, ids);
    return new Map(apps.filter((a) => STANDS_AWARDED.includes(a.status)).map((a) => [a.id, a]));
  }
}
