import path from 'node:path';
import { defineConfig } from 'prisma/config';
// The 7.x adapter, used only by the CLI: the 6.19 adapter cannot read
// PostgreSQL's `name` type from the catalog, so `migrate deploy` fails with
// "Column type 'name' could not be deserialized" (prisma/prisma#27403 upstream,
// tracked as prisma/orm#27403). Drop the alias once 6.x reads it.
import { PrismaPg } from '@prisma/adapter-pg-v7';

const root = path.join(import.meta.dirname, '..', '..', '..');

/**
 * The adapter's `executeScript` splits a migration at every ';' and runs the
 * pieces one by one: a function body (dollar-quoted, its statements ending in
 * ';') breaks apart, and a failure midway leaves the statements before it
 * applied. This one sends the whole migration as one simple query, which
 * PostgreSQL parses itself and runs in one implicit transaction: all or nothing.
 */
class PrismaPgWholeScripts extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    const pool = adapter.underlyingDriver();
    adapter.executeScript = async (script) => {
      await pool.query(script);
    };
    return adapter;
  }
}

export default defineConfig({
  // The JavaScript schema engine: no engine binary to download.
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error('DATABASE_URL is not set: prisma needs it to reach the database');
    }
    // The CLI leaves the pool open; without this the process would wait out
    // the pool's idle timeout (10 s) before it exits.
    return new PrismaPgWholeScripts({ connectionString, allowExitOnIdle: true });
  },
});
