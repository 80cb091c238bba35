export { createDatabaseClient } from './client.js';
export type { DatabaseClient, DatabaseClientOptions } from './client.js';
export { isUniqueViolation } from './errors.js';
export { applyMigrations } from './migrations.js';
export { Prisma } from './generated/prisma/client.js';
export type { Follow, Message, User } from './generated/prisma/client.js';
export { schemaMismatch } from './schema-version.js';
export { createUser, followUser, unfollowUser } from './writes.js';
