export * from './schema';
export * from './dialect';
export * from './open-database';
export {
  isDatabaseUnavailable,
  DatabaseConnectionLostError,
  takeAdvisoryLockHolds,
  postgresStatementsSent,
} from './postgres-driver';
export * from './migrate';
export * from './transaction';
export { toIsoTime } from './columns';
export * from './repositories/group';
export * from './repositories/applications';
export * from './repositories/artifacts';
export * from './repositories/send-ports';
export * from './repositories/processing-servers';
export * from './repositories/certificates';
export * from './repositories/users';
export * from './repositories/sessions';
export * from './repositories/api-tokens';
export * from './repositories/sign-in-attempts';
export * from './repositories/audit';
export * from './repositories/runtime';
export * from './seed/demo-certificates';
export * from './seed/demo-group-layout';
export * from './seed/demo-group';
export type { IssuedDemoCertificate, IssuedDemoCertificates } from './seed/issue-demo-certificates';
export * from './repositories/bindings';
export * from './repositories/certificate-lifecycle';
export * from './repositories/alerts';
export { postgresChangeSyncsSent } from './postgres-changes';
