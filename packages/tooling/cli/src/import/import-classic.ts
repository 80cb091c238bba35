import {
  BulkImport,
  createDatabaseClient,
  type ImportedFollow,
  pendingMigrations,
} from '@minitwit/db';
import { type ClassicRow, type ClassicSource, type ClassicTable } from './classic-source.js';
import { ClassicRows, classicUsername, followPlace } from './classic-rows.js';
import { ImportRefused } from './import-refused.js';
import { ImportReport } from './import-report.js';
import { openPostgresSource } from './postgres-source.js';
import { tableProgress } from './progress.js';
import { openSqliteSource } from './sqlite-source.js';

export interface ImportOptions {
  /** A classic MiniTwit SQLite file, or a postgresql:// URL of a database with the classic schema. */
  source: string;
  /** Our database, as the role that owns the schema (it advances the id sequences). */
  targetUrl: string;
  /** Read, check and write everything, then undo it: the report, with nothing changed. */
  dryRun: boolean;
  /** Add beside the target's own rows (ids renumbered past the target's) instead of refusing a non-empty target. */
  merge: boolean;
  /** Where the report of every skipped or changed row goes. */
  reportPath: string;
  /** Write over a report file that exists (otherwise the import is refused). */
  replaceReport?: boolean;
  /** Rows per statement. */
  batchSize?: number;
  /** Where the summary lines go. */
  print: (line: string) => void;
}

export interface ImportSummary {
  imported: Record<ClassicTable, number>;
  /** Rows read from the source. */
  read: number;
  /** Rows in the report: skipped or changed. */
  reported: number;
  seconds: number;
  committed: boolean;
}

const isPostgresUrl = (source: string) => /^postgres(ql)?:\/\//.test(source);

/**
 * Imports a classic MiniTwit database into ours as one transaction: all of
 * it or, on any failure or interruption, none of it (a second run then starts
 * clean). Rows are read, repaired or skipped (ClassicRows) and written in
 * batches, the next batch read while the last is written.
 */
export async function importClassic(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  await refuseUnmigrated(options.targetUrl);
  const source = isPostgresUrl(options.source)
    ? await openPostgresSource(options.source)
    : await openSqliteSource(options.source);
  try {
    const report = await ImportReport.create(options.reportPath, {
      replace: options.replaceReport ?? false,
    });
    const counted = await importAllOrNothing(source, report, options).catch(
      async (error: unknown) => {
        // Nothing it would report happened.
        await report.discard();
        throw error;
      },
    );
    await report.keep();
    printReport(report, options);
    return {
      ...counted,
      reported: report.total,
      seconds: (performance.now() - started) / 1000,
      committed: !options.dryRun,
    };
  } finally {
    await source.close();
  }
}

/** The import in one transaction: committed, or (a dry run, or any failure) undone. */
async function importAllOrNothing(
  source: ClassicSource,
  report: ImportReport,
  options: ImportOptions,
): Promise<{ imported: Record<ClassicTable, number>; read: number }> {
  const bulk = await BulkImport.begin(options.targetUrl);
  let ended = false;
  try {
    const counted = await importInto(bulk, source, report, options);
    // A dry run builds the indexes and checks the foreign keys too: what it
    // reports is what a real run would do.
    if (options.dryRun) {
      await bulk.restoreChecks();
      await bulk.rollback();
    } else await bulk.commit();
    ended = true;
    return counted;
  } finally {
    // Whatever failed, dry run or not: undo it all, and let the connection go.
    if (!ended) await bulk.rollback().catch(() => undefined);
  }
}

/** Only the API migrates (the README's rule): the import writes into the schema it made. */
async function refuseUnmigrated(targetUrl: string) {
  const db = createDatabaseClient({ url: targetUrl, poolSize: 1 });
  try {
    const pending = await pendingMigrations(db);
    if (pending.length > 0) {
      throw new ImportRefused(
        `the target database lacks ${pending.length} of MiniTwit's migrations ` +
          `(${pending.join(', ')}): start the API on it once (it applies them), then import`,
      );
    }
  } finally {
    await db.close();
  }
}

async function importInto(
  bulk: BulkImport,
  source: ClassicSource,
  report: ImportReport,
  { merge, dryRun, batchSize = 10_000, print }: ImportOptions,
): Promise<{ imported: Record<ClassicTable, number>; read: number }> {
  if (!merge && !(await bulk.targetIsEmpty())) {
    throw new ImportRefused(
      'the target database already has users, messages or follows: import into an empty ' +
        "database, or pass --merge to add the imported rows beside the target's (their ids " +
        "renumbered past the target's; a username the target has is skipped)",
    );
  }
  const offsets = merge ? await bulk.idsInUse() : { users: 0, messages: 0 };
  report.mapIds(offsets);
  const rows = new ClassicRows(
    report,
    offsets,
    merge ? await bulk.existingUsernames() : new Map<string, string>(),
  );
  if (!merge) await bulk.deferChecks();
  if (!dryRun) {
    const highest = await source.highestIds();
    await bulk.reserveIds({
      users: offsets.users + highest.users,
      messages: offsets.messages + highest.messages,
    });
  }
  print(`importing from ${source.description}${dryRun ? ' (dry run: nothing is kept)' : ''}`);

  const imported = { users: 0, messages: 0, follows: 0 };
  let read = await eachBatch(
    source,
    'users',
    batchSize,
    async (batch) => {
      const keys = await bulk.nameKeys(batch.map(classicUsername));
      return batch
        .map((row, place) => rows.user(row, keys[place] ?? ''))
        .filter((user) => user !== undefined);
    },
    async (users) => {
      const taken = await bulk.insertUsers(users);
      // Usernames registered in the target while this import runs.
      for (const id of taken) rows.forgetUser(id);
      imported.users += users.length - taken.length;
    },
  );
  read += await eachBatch(
    source,
    'messages',
    batchSize,
    (batch) => batch.map((row) => rows.message(row)).filter((message) => message !== undefined),
    async (messages) => {
      await bulk.insertMessages(messages);
      imported.messages += messages.length;
    },
  );
  read += await eachBatch(
    source,
    'follows',
    batchSize,
    (batch) => {
      const places = new Map<ImportedFollow, string>();
      for (const row of batch) {
        const follow = rows.follow(row);
        if (follow) places.set(follow, followPlace(row));
      }
      return places;
    },
    async (places) => {
      const duplicates = await bulk.insertFollows([...places.keys()]);
      for (const duplicate of duplicates) {
        report.add('follower', places.get(duplicate) ?? '', 'duplicateFollow');
      }
      imported.follows += places.size - duplicates.length;
    },
  );
  return { imported, read };
}

/**
 * Reads the table batch by batch, makes each into our rows (`prepare`) and
 * hands them to `write`: while the database writes one batch, the next is
 * read and prepared. Answers how many rows it read.
 */
async function eachBatch<Prepared>(
  source: ClassicSource,
  table: ClassicTable,
  batchSize: number,
  prepare: (batch: ClassicRow[]) => Prepared | Promise<Prepared>,
  write: (prepared: Prepared) => Promise<void>,
): Promise<number> {
  const progress = tableProgress(table, await source.count(table));
  let writing: Promise<void> | undefined;
  let read = 0;
  try {
    for await (const batch of source.batches(table, batchSize)) {
      read += batch.length;
      const prepared = await prepare(batch);
      await writing;
      writing = write(prepared).then(() => {
        progress.advance(batch.length);
      });
      // Awaited at the next batch or after the last; a failure meanwhile must not go unheard.
      writing.catch(() => undefined);
    }
    await writing;
    return read;
  } finally {
    progress.finish();
  }
}

function printReport(report: ImportReport, { print, dryRun }: ImportOptions) {
  print(report.idsLine());
  if (report.total === 0) {
    print('every row was imported as it was');
    return;
  }
  print(`${report.total} rows skipped or changed${dryRun ? ' (dry run)' : ''}, by rule:`);
  for (const line of report.summary()) print(line);
  print(`every one, by its old id and its new: ${report.path}`);
}
