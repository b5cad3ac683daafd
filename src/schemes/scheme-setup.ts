import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One feature's part in setting up a new scheme, run in the transaction that creates it. */
export type SchemeSetupStep = (tx: EntityManager, schemeId: string) => Promise<void>;

/**
 * What other features keep per scheme and must exist from its creation on (the
 * applications feature's receipt counter, its numbering of received applications). The
 * schemes feature does not know those tables: their owners register a step here from a
 * provider's constructor (Nest constructs every provider before any request), and `CreateScheme` runs every step in its own
 * transaction, so the scheme and what belongs to it commit or roll back together.
 */
@Injectable()
export class SchemeSetup {
  private readonly steps = new Map<string, SchemeSetupStep>();

  /** Registers a feature's step under a name (registering a name twice is a wiring mistake). */
  register(name: string, step: SchemeSetupStep): void {
    if (this.steps.has(name)) throw new Error(`A scheme set-up step ${name} is registered already.`);
    this.steps.set(name, step);
  }

  /** Runs every registered step for the new scheme, one after the other (they share the transaction's connection). */
  async run(tx: EntityManager, schemeId: string): Promise<void> {
    for (const step of this.steps.values()) await step(tx, schemeId);
  }
}
