// The organisations feature's public surface: what other features may use.
export { OrganisationsModule } from './organisations.module';
export { OrganisationDirectory, type Organisation } from './organisation-directory';
export { BankAccountDirectory, type PayeeAccount } from './bank-account-directory';
