import pg from 'pg';

/** The server setting that loads pg_stat_statements (it must be loaded at start). */
export const statementStatistics = { shared_preload_libraries: 'pg_stat_statements' };

/**
 * The statements the services run on one database, counted by PostgreSQL's
 * pg_stat_statements (the server must have loaded it: `statementStatistics`).
 * `url` must be a superuser's, to create the extension. Not counted: the
 * timeline listeners' health checks (`SELECT 1`) and this counter's own reads.
 */
export async function statementCounter(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    async count(): Promise<number> {
      const { rows } = await client.query<{ calls: string | null }>(
        `SELECT sum(calls) AS calls FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND query NOT ILIKE '%pg_stat_statements%' AND query <> 'SELECT $1'`,
      );
      return Number(rows[0]?.calls ?? 0);
    },
    close: () => client.end(),
  };
}
