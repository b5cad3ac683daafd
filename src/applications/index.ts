// The applications feature's public surface: what other features may use.
export { ApplicationsModule } from './applications.module';
export { ApplicationLifecycle, type MoveSource } from './application-lifecycle';
