export { databaseAdmin } from './database-admin.js';
export type { DatabaseAdmin } from './database-admin.js';
export { freePort } from './free-port.js';
export { startLocalPostgres } from './postgres-server.js';
export type { LocalPostgres, LocalPostgresOptions } from './postgres-server.js';
export { waitUntilReady } from './readiness.js';
export { createTestDatabase, testServerVariable, testTemplateDatabase } from './test-database.js';
export type { TestDatabase } from './test-database.js';
