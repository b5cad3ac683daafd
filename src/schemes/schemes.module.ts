import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { AddBudgetLine, AddSchemeOfficer, AddWindow, AmendCeiling, CreateScheme, GetScheme, ListSchemeOfficers, ListSchemes, UpdateScheme } from './scheme-use-cases';
import { BudgetLedger } from './budget-ledger';
import { SchemeDirectory } from './scheme-directory';
import { SchemesController } from './schemes.controller';

/** Schemes (regelingen), their windows, criteria and the budget ledger of their ceilings. */
@Module({
  imports: [AuditModule],
  controllers: [SchemesController],
  providers: [BudgetLedger, SchemeDirectory, CreateScheme, UpdateScheme, GetScheme, ListSchemes, AddWindow, AddBudgetLine, AmendCeiling, AddSchemeOfficer, ListSchemeOfficers],
  exports: [BudgetLedger, SchemeDirectory, CreateScheme, GetScheme],
})
export class SchemesModule {}
