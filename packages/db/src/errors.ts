import { Prisma } from './generated/prisma/client.js';

/** True when a write failed because a unique constraint already holds the value. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
