import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { BankAccountDirectory } from './bank-account-directory';
import { AddBankAccount, ListBankAccounts, VerifyBankAccount } from './bank-account-use-cases';
import { CreateOrganisation, GetOrganisation, ListOrganisations, UpdateOrganisation } from './organisation-use-cases';
import { OrganisationDirectory } from './organisation-directory';
import { OrganisationsController } from './organisations.controller';
import { AddSchool, ListSchools } from './school-use-cases';

/** Applicants (school boards, municipalities, regional employer organisations), their schools and bank accounts. */
@Module({
  imports: [AuditModule],
  controllers: [OrganisationsController],
  providers: [OrganisationDirectory, BankAccountDirectory, CreateOrganisation, UpdateOrganisation, GetOrganisation, ListOrganisations, AddSchool, ListSchools, AddBankAccount, ListBankAccounts, VerifyBankAccount],
  exports: [OrganisationDirectory, BankAccountDirectory, CreateOrganisation, AddSchool],
})
export class OrganisationsModule {}
