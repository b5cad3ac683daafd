import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { AddBankAccount, ListBankAccounts, VerifyBankAccount } from './bank-account-use-cases';
import { CreateOrganisation, GetOrganisation, ListOrganisations, UpdateOrganisation } from './organisation-use-cases';
import { OrganisationsController } from './organisations.controller';
import { AddSchool, ListSchools } from './school-use-cases';

/** Applicants (school boards, municipalities, regional employer organisations), their schools and bank accounts. */
@Module({
  imports: [AuditModule],
  controllers: [OrganisationsController],
  providers: [CreateOrganisation, UpdateOrganisation, GetOrganisation, ListOrganisations, AddSchool, ListSchools, AddBankAccount, ListBankAccounts, VerifyBankAccount],
  exports: [CreateOrganisation, AddSchool],
})
export class OrganisationsModule {}
