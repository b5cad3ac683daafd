import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BankAccountDirectory } from './bank-account-directory';
import { OrganisationAuditVisibility } from './organisation-audit-visibility';
import { OrganisationDirectory } from './organisation-directory';
import { OrganisationsController } from './organisations.controller';
import { AddBankAccount } from './use-cases/add-bank-account';
import { AddSchool } from './use-cases/add-school';
import { CreateOrganisation } from './use-cases/create-organisation';
import { GetOrganisation } from './use-cases/get-organisation';
import { ListBankAccounts } from './use-cases/list-bank-accounts';
import { ListOrganisations } from './use-cases/list-organisations';
import { ListSchools } from './use-cases/list-schools';
import { UpdateOrganisation } from './use-cases/update-organisation';
import { VerifyBankAccount } from './use-cases/verify-bank-account';

/** Applicants (school boards, municipalities, regional employer organisations), their schools and bank accounts. */
@Module({
  imports: [AuditModule],
  controllers: [OrganisationsController],
  providers: [
    OrganisationDirectory,
    BankAccountDirectory,
    OrganisationAuditVisibility,
    CreateOrganisation,
    UpdateOrganisation,
    GetOrganisation,
    ListOrganisations,
    AddSchool,
    ListSchools,
    AddBankAccount,
    ListBankAccounts,
    VerifyBankAccount,
  ],
  exports: [OrganisationDirectory, BankAccountDirectory, CreateOrganisation, AddSchool],
})
export class OrganisationsModule {}
