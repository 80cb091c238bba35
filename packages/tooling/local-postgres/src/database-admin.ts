import pg from 'pg';
import { type DatabaseRole, databaseRoles, localPassword, rolesSql } from './database-roles.js';

/** Creates and drops databases on one PostgreSQL server. */
export interface DatabaseAdmin {
  /** The connection URL of one database on this server, as `role` or as the server's superuser. */
  url(database: string, role?: DatabaseRole): string;
  /** Creates a database, as a copy of `template` when one is named. */
  create(name: string, options?: { template?: string; owner?: DatabaseRole }): Promise<void>;
  /** Gives a database MiniTwit's roles and their rights (infra/provision/database-roles.sql). */
  prepareRoles(database: string): Promise<void>;
  drop(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
}

/** `serverUrl` is the URL of any database on the server, usually `postgres`. */
export function databaseAdmin(serverUrl: string): DatabaseAdmin {
  const url = (database: string, role?: DatabaseRole) => {
    const target = new URL(serverUrl);
    target.pathname = `/${encodeURIComponent(database)}`;
    if (role) {
      target.username = databaseRoles[role];
      target.password = localPassword(databaseRoles[role]);
    }
    return target.toString();
  };

  async function withClient<T>(
    work: (client: pg.Client) => Promise<T>,
    connectionString = serverUrl,
  ): Promise<T> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  return {
    url,
    create: (name, { template, owner } = {}) =>
      withClient(async (client) => {
        const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
        const ownedBy = owner ? ` OWNER ${client.escapeIdentifier(databaseRoles[owner])}` : '';
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}${ownedBy}`);
      }),
    prepareRoles: async (database) => {
      const sql = await rolesSql();
      await withClient((client) => client.query(sql), url(database));
    },
    drop: (name) =>
      withClient(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      }),
    exists: (name) =>
      withClient(async (client) => {
        const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        return result.rowCount === 1;
      }),
  };
}
