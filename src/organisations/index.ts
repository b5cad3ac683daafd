// The organisations feature's public surface: what other features may use.
export { OrganisationsModule } from './organisations.module';
export { OrganisationDirectory, type Organisation } from './organisation-directory';
export { BankAccountDirectory, type PayeeAccount } from './bank-account-directory';
// For the seed and the demo (composition roots that register organisations as the API does).
export { CreateOrganisation } from './use-cases/create-organisation';
export { AddSchool } from './use-cases/add-school';
export { CreateOrganisationDto, CreateSchoolDto } from './organisations.dto';
export type { OrganisationKind } from './domain/organisation-kind';
