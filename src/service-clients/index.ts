// The service-clients feature's public surface: what the platform and other features may use.
export { ServiceClientsModule } from './service-clients.module';
export { ServiceClientDirectory, type ServiceClient } from './service-client-directory';
