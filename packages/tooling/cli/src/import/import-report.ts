import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

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
    'username taken by an earlier user (ignoring case and spaces): renamed',
  ],
  usernameInTarget: ['skipped', 'username already in the target database (merge)'],
  emailEmpty: ['repaired', 'email empty: stored empty'],
  emailRepaired: ['repaired', 'email trimmed of whitespace and control characters, or not UTF-8'],
  textInPasswordHash: ['repaired', 'pw_hash trimmed of whitespace and control characters'],
  unknownPasswordHash: ['kept, cannot sign in', 'pw_hash in no known format: never accepted'],
  invalidMessageId: ['skipped', 'message_id is not a positive integer'],
  missingAuthor: ['skipped', 'author_id names no imported user'],
  noText: ['skipped', 'text missing'],
  textRepaired: [
    'repaired',
    'text had NUL characters (removed) or bytes that are not UTF-8 (replaced by U+FFFD)',
  ],
  noPublicationDate: ['skipped', 'pub_date is not a Unix time in seconds'],
  followOfMissingUser: ['skipped', 'who_id or whom_id names no imported user'],
  selfFollow: ['skipped', 'a user following themself'],
  duplicateFollow: ['skipped', 'the same follow again'],
} as const satisfies Record<string, readonly [Outcome, string]>;

export type ImportRule = keyof typeof importRules;

/** Which table a reported row was in, as the classic schema names it. */
export type ClassicTableName = 'user' | 'message' | 'follower';

/**
 * Every skipped or changed row, by its old id, written as it is found to a
 * tab-separated file (constant memory whatever the number), and counted by
 * rule for the summary.
 */
export class ImportReport {
  readonly #file: WriteStream;
  readonly counts = new Map<ImportRule, number>();
  readonly #examples = new Map<ImportRule, string[]>();

  constructor(readonly path: string) {
    this.#file = createWriteStream(path);
    this.#file.write('table\told id\toutcome\trule\tdetail\n');
  }

  add(table: ClassicTableName, oldId: string | number, rule: ImportRule, detail = ''): void {
    const [outcome, description] = importRules[rule];
    const line = [table, String(oldId), outcome, description, detail]
      .map((field) => field.replace(/[\t\n\r]/g, ' '))
      .join('\t');
    this.#file.write(`${line}\n`);
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + 1);
    const examples = this.#examples.get(rule) ?? [];
    if (examples.length < 5) examples.push(`${table} ${oldId}${detail ? `: ${detail}` : ''}`);
    this.#examples.set(rule, examples);
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

  async close(): Promise<void> {
    this.#file.end();
    await once(this.#file, 'close');
  }
}
