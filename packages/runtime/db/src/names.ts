import { Prisma } from './generated/prisma/client.js';

/**
 * The id of the user a username names, as a subquery: the user with exactly
 * that name, else the one holding it by the one rule for names (case,
 * compatibility forms and surrounding white space aside;
 * prisma/migrations/20261204100000_name_keys). A user whose name is shared
 * with an earlier one is found by the exact name only.
 */
export const idOfName = (username: string) => Prisma.sql`(
  SELECT id FROM users
  WHERE username = ${username} OR (name_key = minitwit_name_key(${username}) AND NOT name_shared)
  ORDER BY username = ${username} DESC
  LIMIT 1)`;
