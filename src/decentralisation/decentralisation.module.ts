import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { SchemesModule } from '../schemes';
import { DuAuditVisibility } from './du-audit-visibility';
import { AllocateDu } from './use-cases/allocate-du';
import { ListDuAllocations } from './use-cases/list-du-allocations';
import { DuAllocationsController } from './du.controller';
import { DuPayables } from './du-payables';

/** Decentralisation payments (DU) through the gemeentefonds: formula allocations and their payment lines. */
@Module({ imports: [AuditModule, SchemesModule], controllers: [DuAllocationsController], providers: [AllocateDu, ListDuAllocations, DuPayables, DuAuditVisibility], exports: [DuPayables] })
export class DecentralisationModule {}
