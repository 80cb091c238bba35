import pg from 'pg';

/** Creates and drops databases on one PostgreSQL server. */
export interface DatabaseAdmin {
  /** The connection URL of one database on this server. */
  url(database: string): string;
  /** Creates a database, as a copy of `template` when one is named. */
  create(name: string, template?: string): Promise<void>;
  drop(name: string): Promise<void>;
  exists(name: string): Promise<boolean>;
}

/** `serverUrl` is the URL of any database on the server, usually `postgres`. */
export function databaseAdmin(serverUrl: string): DatabaseAdmin {
  const url = (database: string) => {
    const target = new URL(serverUrl);
    target.pathname = `/${encodeURIComponent(database)}`;
    return target.toString();
  };

  async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  return {
    url,
    create: (name, template) =>
      withClient(async (client) => {
        const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
      }),
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
