import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.js';

export type DatabaseClient = PrismaClient;

export interface DatabaseClientOptions {
  /** A PostgreSQL connection URL. */
  url: string;
  /** The most connections this process holds open at once. */
  poolSize?: number;
}

/** The one way both services open the database. */
export function createDatabaseClient({
  url,
  poolSize = 10,
}: DatabaseClientOptions): DatabaseClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
