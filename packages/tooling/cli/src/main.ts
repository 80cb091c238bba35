#!/usr/bin/env node
/**
 * pnpm minitwit <command>: what operators do to a MiniTwit database that no
 * page or API offers. Run `pnpm minitwit help` for the commands.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createDatabaseClient } from '@minitwit/db';
import { cliConfig } from './config.js';
import { importClassic } from './import/import-classic.js';
import { ImportRefused } from './import/import-refused.js';
import {
  changeModerator,
  listMessages,
  listModerationLog,
  messageIds,
  moderate,
  UsageError,
} from './moderation.js';

const usage = `usage: pnpm minitwit <command>

  import <source> [--dry-run] [--merge] [--report <file>] [--replace-report]
      Copies an earlier MiniTwit's users, messages and follows into this one.
      <source>: a classic MiniTwit SQLite file, or the postgresql:// URL of a
      database with the classic schema. --dry-run reports and keeps nothing;
      --merge adds to a database that already has data (otherwise refused).
      The report (minitwit-import-report.tsv) is a new file, readable by you
      alone; --replace-report writes over one that exists.
  flag <message id>... [--reason <text>] [--as <name>]
      Hides messages from every timeline of both services.
  unflag <message id>... [--reason <text>] [--as <name>]
      Shows them again.
  messages <username> [--limit <n>]
      The user's messages with their ids, newest first, flagged ones marked.
  moderation-log [--limit <n>]
      The most recent flags and unflags: when, which message, who, why.
  moderator add|remove <username>
      Gives or takes a user's flag control on the web.

Environment: DATABASE_URL (and MIGRATION_DATABASE_URL, the schema owner,
for import), as the services read them; see .env.example.`;

const print = (line: string) => {
  console.log(line);
};

const options = {
  'dry-run': { type: 'boolean', default: false },
  merge: { type: 'boolean', default: false },
  report: { type: 'string', default: 'minitwit-import-report.tsv' },
  'replace-report': { type: 'boolean', default: false },
  reason: { type: 'string' },
  as: { type: 'string', default: os.userInfo().username },
  limit: { type: 'string', default: '50' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parse>['values'];

/** The command line taken apart; an unknown option is a usage error. */
function parse() {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function limitOf(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`not a limit: ${text}`);
  return limit;
}

async function importCommand([source, ...rest]: string[], values: Values): Promise<number> {
  if (!source || rest.length > 0) throw new UsageError('import takes one source');
  const summary = await importClassic({
    source,
    targetUrl: cliConfig().ownerUrl,
    dryRun: values['dry-run'],
    merge: values.merge,
    reportPath: values.report,
    replaceReport: values['replace-report'],
    print,
  });
  const { users, messages, follows } = summary.imported;
  const rate = Math.round(summary.read / summary.seconds);
  print(
    `${summary.committed ? 'imported' : 'would import (dry run, nothing kept)'}: ` +
      `${users} users, ${messages} messages, ${follows} follows; ` +
      `${summary.read} rows read in ${summary.seconds.toFixed(1)} s (${rate} rows/s), ` +
      `peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  return 0;
}

/** Runs one command with a database client, closed after. */
async function withDatabase(
  run: (db: ReturnType<typeof createDatabaseClient>) => Promise<number>,
): Promise<number> {
  const db = createDatabaseClient({ url: cliConfig().databaseUrl, poolSize: 1 });
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parse();
  const [command, ...args] = values.help ? ['help'] : positionals;
  switch (command) {
    case 'import':
      return importCommand(args, values);
    case 'flag':
    case 'unflag': {
      const ids = messageIds(args);
      const flagged = command === 'flag';
      return withDatabase((db) =>
        moderate(db, print, { ids, flagged, operator: values.as, reason: values.reason }),
      );
    }
    case 'messages': {
      const [username, ...rest] = args;
      if (!username || rest.length > 0) throw new UsageError('messages takes one username');
      return withDatabase((db) => listMessages(db, print, username, limitOf(values.limit)));
    }
    case 'moderation-log':
      return withDatabase((db) => listModerationLog(db, print, limitOf(values.limit)));
    case 'moderator': {
      const [change, username, ...rest] = args;
      if ((change !== 'add' && change !== 'remove') || !username || rest.length > 0) {
        throw new UsageError('moderator add <username>, or moderator remove <username>');
      }
      return withDatabase((db) => changeModerator(db, print, username, change === 'add'));
    }
    case undefined:
    case 'help':
      print(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else if (error instanceof ImportRefused) {
    console.error(`import refused, nothing written: ${error.message}`);
    process.exitCode = 1;
  } else if (process.argv[2] === 'import') {
    // One transaction: whatever failed, none of it was kept.
    console.error(
      `import failed, nothing written (run it again to start clean): ${messageOf(error)}`,
    );
    process.exitCode = 1;
  } else {
    console.error(`minitwit: ${messageOf(error)}`);
    process.exitCode = 1;
  }
}
