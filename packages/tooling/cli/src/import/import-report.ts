import { constants, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { ImportRefused } from './import-refused.js';

/** What became of a row that was not imported as it was. */
export type Outcome = 'skipped' | 'repaired' | 'kept, cannot sign in';

/** The rules an import applies to dirty rows: README.md ("Moving from another MiniTwit") explains each. */
export const importRules = {
  invalidUserId: ['skipped', 'user_id is not a positive integer'],
  emptyUsername: ['skipped', 'username empty (after trimming)'],
  usernameRepaired: [
    'repaired',
    'username trimmed of whitespace and control characters, or not UTF-8',
  ],
  duplicateUsername: [
    'repaired',
    'username taken by an earlier user (ignoring case, compatibility forms and spaces): renamed',
  ],
  reservedUsername: ['repaired', "username one of the site's own paths: renamed"],
  usernameInTarget: ['skipped', 'username already in the target database (merge)'],
  emailEmpty: ['repaired', 'email empty: stored empty'],
  emailRepaired: ['repaired', 'email trimmed of whitespace and control characters, or not UTF-8'],
  textInPasswordHash: ['repaired', 'pw_hash trimmed of whitespace and control characters'],
  unknownPasswordHash: ['kept, cannot sign in', 'pw_hash in no known format: never accepted'],
  passwordHashBeyondBounds: [
    'kept, cannot sign in',
    'pw_hash asks for more work than SECURITY.md allows a check: never accepted',
  ],
  invalidMessageId: ['skipped', 'message_id is not a positive integer'],
  missingAuthor: ['skipped', 'author_id names no user of the source'],
  authorSkipped: ['skipped', 'author_id names a user who was skipped (the detail says why)'],
  noText: ['skipped', 'text missing'],
  textRepaired: [
    'repaired',
    'text had NUL characters (removed) or bytes that are not UTF-8 (replaced by U+FFFD)',
  ],
  noPublicationDate: ['skipped', 'pub_date is not a Unix time in seconds'],
  followOfMissingUser: ['skipped', 'who_id or whom_id names no user of the source'],
  followOfSkippedUser: [
    'skipped',
    'who_id or whom_id names a user who was skipped (the detail says why)',
  ],
  selfFollow: ['skipped', 'a user following themself'],
  duplicateFollow: ['skipped', 'the same follow again'],
} as const satisfies Record<string, readonly [Outcome, string]>;

export type ImportRule = keyof typeof importRules;

/** Which table a reported row was in, as the classic schema names it. */
export type ClassicTableName = 'user' | 'message' | 'follower';

/** What is added to an imported user's and message's old id: past the target's own (a merge), or 0. */
export interface IdOffsets {
  users: number;
  messages: number;
}

/** The new id of a row the import keeps (a follow has none of its own). */
function newIdOf(table: ClassicTableName, oldId: string | number, offsets: IdOffsets): string {
  if (table === 'follower') return '';
  return String(Number(oldId) + (table === 'user' ? offsets.users : offsets.messages));
}

/** How the report file is opened: never through a symbolic link, and a new file unless `replace`. */
const reportFlags = (replace: boolean) =>
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_NOFOLLOW |
  (replace ? constants.O_TRUNC : constants.O_EXCL);

/** Why the report could not be opened, in the operator's words where it is their decision. */
function refusalOf(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') {
    return new ImportRefused(
      `the report file ${path} exists: name another with --report <file>, ` +
        'or pass --replace-report to write over it',
    );
  }
  if (code === 'ELOOP') {
    return new ImportRefused(
      `the report file ${path} is a symbolic link: a report is never written through one`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Every skipped or changed row, by its old id, written as it is found to a
 * tab-separated file (constant memory whatever the number), and counted by
 * rule for the summary. The file holds users' names and addresses: only its
 * owner may read it (0600).
 */
export class ImportReport {
  readonly counts = new Map<ImportRule, number>();
  readonly #examples = new Map<ImportRule, string[]>();
  readonly #file: WriteStream;
  #offsets: IdOffsets | undefined;

  private constructor(
    readonly path: string,
    file: WriteStream,
  ) {
    this.#file = file;
    this.#file.write('table\told id\tnew id\toutcome\trule\tdetail\n');
  }

  /**
   * A new report at `path`; refused if a file (or a link) is there already,
   * unless `replace`, and refused if `path` is a symbolic link in any case.
   */
  static async create(path: string, { replace }: { replace: boolean }): Promise<ImportReport> {
    let handle: FileHandle;
    try {
      handle = await open(path, reportFlags(replace), 0o600);
    } catch (error) {
      throw refusalOf(path, error);
    }
    try {
      // A replaced file keeps the mode it had: set it.
      await handle.chmod(0o600);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new ImportReport(path, handle.createWriteStream());
  }

  /**
   * Every imported user's and message's new id, as the report's first rows
   * (old id `*`); each reported row that was imported then gives its own.
   */
  mapIds(offsets: IdOffsets): void {
    this.#offsets = offsets;
    for (const [table, offset, what] of [
      ['user', offsets.users, 'every imported user'],
      ['message', offsets.messages, 'every imported message'],
    ] as const) {
      if (offset === 0) this.#write([table, '*', '*', 'id kept', what, '']);
      else {
        const why = "after the target's own ids (merge)";
        this.#write([table, '*', `* + ${offset}`, 'renumbered', what, why]);
      }
    }
  }

  /** The summary's line on ids. */
  idsLine(): string {
    const offsets = this.#ids();
    if (offsets.users === 0 && offsets.messages === 0)
      return 'ids: every user and message kept its id';
    return (
      `ids: a user's new id is their old id + ${offsets.users}, ` +
      `a message's its old id + ${offsets.messages}`
    );
  }

  add(table: ClassicTableName, oldId: string | number, rule: ImportRule, detail = ''): void {
    const [outcome, description] = importRules[rule];
    const newId = outcome === 'skipped' ? '' : newIdOf(table, oldId, this.#ids());
    this.#write([table, String(oldId), newId, outcome, description, detail]);
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    const examples = this.#examples.get(rule) ?? [];
    if (examples.length < 5) examples.push(`${table} ${oldId}${detail ? `: ${detail}` : ''}`);
    this.#examples.set(rule, examples);
  }

  #ids(): IdOffsets {
    if (this.#offsets === undefined) throw new Error('the report has no id map yet (mapIds)');
    return this.#offsets;
  }

  #write(fields: string[]): void {
    this.#file.write(`${fields.map((field) => field.replace(/[\t\n\r]/g, ' ')).join('\t')}\n`);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /** Lines for the terminal: each rule that applied, how often, and its first rows. */
  summary(): string[] {
    const lines: string[] = [];
    for (const [rule, count] of this.counts) {
      const [outcome, description] = importRules[rule];
      lines.push(`  ${count} ${outcome}: ${description}`);
      for (const example of this.#examples.get(rule) ?? []) lines.push(`      ${example}`);
    }
    return lines;
  }

  /** The import went through (or its dry run did): the report stays. */
  async keep(): Promise<void> {
    this.#file.end();
    await once(this.#file, 'close');
  }

  /** The import failed or was refused, so nothing it reports happened: the file goes. */
  async discard(): Promise<void> {
    this.#file.destroy();
    await rm(this.path, { force: true });
  }
}
