export { eventually } from './eventually.js';
export type { EventuallyOptions } from './eventually.js';
export { databaseAdmin } from './database-admin.js';
export type { DatabaseAdmin } from './database-admin.js';
export { freePort } from './free-port.js';
export { startLocalPostgres } from './postgres-server.js';
export type { LocalPostgres, LocalPostgresOptions } from './postgres-server.js';
export { waitUntilReady } from './readiness.js';
export { startReadyService, startService } from './service-process.js';
export type { ReadyService, ReadyServiceOptions, ServiceProcess } from './service-process.js';
export {
  createTestDatabase,
  testEmptyTemplateDatabase,
  testServerVariable,
  testTemplateDatabase,
} from './test-database.js';
export type { TestDatabase } from './test-database.js';
