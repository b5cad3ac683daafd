import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { OrganisationsModule } from '../organisations';
import { BudgetLedger } from './budget-ledger';
import { SchemeAuditVisibility } from './scheme-audit-visibility';
import { SchemeDirectory } from './scheme-directory';
import { SchemeSetup } from './scheme-setup';
import { SchemesController } from './schemes.controller';
import { AddBudgetLine } from './use-cases/add-budget-line';
import { AddSchemeOfficer } from './use-cases/add-scheme-officer';
import { AddWindow } from './use-cases/add-window';
import { AmendCeiling } from './use-cases/amend-ceiling';
import { CreateScheme } from './use-cases/create-scheme';
import { GetScheme } from './use-cases/get-scheme';
import { ListSchemeOfficers } from './use-cases/list-scheme-officers';
import { ListSchemes } from './use-cases/list-schemes';
import { UpdateScheme } from './use-cases/update-scheme';

/** Schemes (regelingen), their windows, criteria and the budget ledger of their ceilings. */
@Module({
  imports: [AuditModule, OrganisationsModule],
  controllers: [SchemesController],
  providers: [
    BudgetLedger,
    SchemeDirectory,
    SchemeSetup,
    SchemeAuditVisibility,
    CreateScheme,
    UpdateScheme,
    GetScheme,
    ListSchemes,
    AddWindow,
    AddBudgetLine,
    AmendCeiling,
    AddSchemeOfficer,
    ListSchemeOfficers,
  ],
  exports: [BudgetLedger, SchemeDirectory, SchemeSetup, CreateScheme, GetScheme],
})
export class SchemesModule {}
