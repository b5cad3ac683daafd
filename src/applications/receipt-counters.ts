import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SchemeSetup } from '../schemes';
import { ReceiptCounterRepository } from './persistence/receipt-counter.repository';

/**
 * Every scheme has a counter that numbers its received applications from its creation on:
 * this feature opens it in the transaction that creates the scheme, through the schemes
 * feature's `SchemeSetup` (the schemes feature does not know this table). It registers
 * when constructed: Nest constructs every provider when the application (or a test's
 * module) is compiled, before any request.
 */
@Injectable()
export class ReceiptCounters {
  constructor(schemeSetup: SchemeSetup) {
    schemeSetup.register('applications.receipt-counter', (tx, schemeId) => this.open(tx, schemeId));
  }

  /** Opens a new scheme's counter, at 0. */
  open(tx: EntityManager, schemeId: string): Promise<void> {
    return new ReceiptCounterRepository(tx).open(schemeId);
  }
}
