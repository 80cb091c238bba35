import type { ImportedFollow, ImportedMessage, ImportedUser } from '@minitwit/db';
import { passwordHashBeyondBounds, passwordHashFormat } from '@minitwit/passwords';
import { reservedUsernames } from '@minitwit/service';
import type { ClassicRow } from './classic-source.js';
import {
  type IdOffsets,
  type ImportReport,
  type ImportRule,
  importRules,
} from './import-report.js';

// What PostgreSQL cannot store in text (NUL), and UTF-16 halves without their other half.
const unstorable = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Control characters have no place in a name or an address.
const controlCharacters = /[\p{Cc}\p{Cf}]/gu;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** A column's text, and whether it was intact (bytes that are not UTF-8 become U+FFFD). */
function textOf(value: unknown): { text: string; intact: boolean } | undefined {
  if (typeof value === 'string') return { text: value, intact: true };
  if (typeof value === 'number' || typeof value === 'bigint') {
    return { text: String(value), intact: true };
  }
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return { text: strictUtf8.decode(value), intact: true };
  } catch {
    return { text: lenientUtf8.decode(value), intact: false };
  }
}

/** A name or an address: trimmed, without control characters; and whether that changed it. */
function tidyText(value: unknown): { text: string; changed: boolean } {
  const raw = textOf(value) ?? { text: '', intact: true };
  const text = raw.text.replace(controlCharacters, '').replace(unstorable, '').trim();
  return { text, changed: !raw.intact || text !== raw.text };
}

/** A column's positive integer (SQLite may give a bigint, PostgreSQL a string for a bigint). */
function idOf(value: unknown): number | undefined {
  const number = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0
    ? number
    : undefined;
}

/** The classic `flagged`: any number but 0 (null is not flagged). */
function isFlagged(value: unknown): boolean {
  const number = typeof value === 'bigint' || typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number !== 0;
}

/** A follow's name in the report: it has no id of its own. */
export const followPlace = (row: ClassicRow) =>
  `${String(row.who_id)}→${String(row.whom_id)} (row ${String(row.row)})`;

/** A user row's username as the import stores it (before any renaming): what its name key is computed of. */
export const classicUsername = (row: ClassicRow) => tidyText(row.username).text;

/**
 * The classic rows made into ours by the import rules (import-report.ts),
 * each problem reported by the row's old id. It remembers the users it let
 * in (their old ids and name keys): the one thing it holds that grows with
 * the data, a few dozen bytes a user), and why it skipped the users it
 * skipped, so that their messages and follows are reported with that reason.
 */
export class ClassicRows {
  readonly #importedUsers = new Set<number>();
  readonly #skippedUsers = new Map<number, ImportRule>();
  readonly #takenNames: Map<string, string>;
  readonly #targetNames: Set<string>;

  constructor(
    readonly report: ImportReport,
    readonly offsets: IdOffsets,
    /** The target's usernames by their name keys, in a merge: the imported ones must differ. */
    targetNames: Map<string, string>,
  ) {
    this.#takenNames = new Map(targetNames);
    this.#targetNames = new Set(targetNames.keys());
  }

  /** The user of a row, its username's key (the database's minitwit_name_key of classicUsername) given. */
  user(row: ClassicRow, nameKey: string): ImportedUser | undefined {
    const oldId = idOf(row.user_id);
    if (oldId === undefined) {
      this.report.add('user', String(row.user_id), 'invalidUserId');
      return;
    }
    const name = tidyText(row.username);
    let username = name.text;
    let key = nameKey;
    if (username === '') {
      this.#skipUser(oldId, 'emptyUsername');
      return;
    }
    if (name.changed) this.report.add('user', oldId, 'usernameRepaired', username);
    if (this.#targetNames.has(key)) {
      this.#skipUser(oldId, 'usernameInTarget', username);
      return;
    }
    const earlier = this.#takenNames.get(key);
    if (earlier !== undefined || reservedUsernames.has(key)) {
      // A suffix such as '-7' adds itself to the key (minitwit_name_key).
      let renamed = `${username}-${oldId}`;
      key = `${key}-${oldId}`;
      while (this.#takenNames.has(key)) {
        renamed = `${renamed}-${oldId}`;
        key = `${key}-${oldId}`;
      }
      if (earlier === undefined) {
        this.report.add('user', oldId, 'reservedUsername', `${username} → ${renamed}`);
      } else {
        this.report.add(
          'user',
          oldId,
          'duplicateUsername',
          `${username} → ${renamed} (${earlier} was first)`,
        );
      }
      username = renamed;
    }
    this.#takenNames.set(key, username);

    const { text: email, changed: emailChanged } = tidyText(row.email);
    if (email === '') this.report.add('user', oldId, 'emailEmpty');
    else if (emailChanged) this.report.add('user', oldId, 'emailRepaired', email);

    const { text: passwordHash, changed: hashChanged } = tidyText(row.pw_hash);
    if (hashChanged && passwordHash !== '') this.report.add('user', oldId, 'textInPasswordHash');
    if (passwordHashFormat(passwordHash) === undefined) {
      // Kept as it was: it matches no password, and an operator can see what it was.
      const beyondBounds = passwordHashBeyondBounds(passwordHash);
      if (beyondBounds === undefined) {
        this.report.add('user', oldId, 'unknownPasswordHash', passwordHash.slice(0, 12));
      } else this.report.add('user', oldId, 'passwordHashBeyondBounds', beyondBounds);
    }
    this.#importedUsers.add(oldId);
    return { id: oldId + this.offsets.users, username, email, passwordHash };
  }

  message(row: ClassicRow): ImportedMessage | undefined {
    const oldId = idOf(row.message_id);
    if (oldId === undefined) {
      this.report.add('message', String(row.message_id), 'invalidMessageId');
      return;
    }
    const authorId = this.#importedUser(row.author_id);
    if (authorId === undefined) {
      const skipped = this.#whySkipped(row.author_id);
      if (skipped === undefined) {
        this.report.add('message', oldId, 'missingAuthor', String(row.author_id));
      } else this.report.add('message', oldId, 'authorSkipped', skipped);
      return;
    }
    const raw = textOf(row.text);
    if (raw === undefined) {
      this.report.add('message', oldId, 'noText');
      return;
    }
    const text = raw.text.replace(unstorable, '');
    if (!raw.intact || text !== raw.text) this.report.add('message', oldId, 'textRepaired');
    const seconds = typeof row.pub_date === 'bigint' ? Number(row.pub_date) : row.pub_date;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) {
      this.report.add('message', oldId, 'noPublicationDate', String(row.pub_date));
      return;
    }
    return {
      id: oldId + this.offsets.messages,
      authorId,
      text,
      pubDate: new Date(seconds * 1000),
      flagged: isFlagged(row.flagged),
    };
  }

  /** Leaves out a user after all (the target took their name meanwhile): their rows are skipped. */
  forgetUser(targetId: number): void {
    const oldId = targetId - this.offsets.users;
    this.#importedUsers.delete(oldId);
    this.#skipUser(oldId, 'usernameInTarget');
  }

  /** A follow between two imported users, other than a self-follow; duplicates are the target's to find. */
  follow(row: ClassicRow): ImportedFollow | undefined {
    const place = followPlace(row);
    const followerId = this.#importedUser(row.who_id);
    const followedId = this.#importedUser(row.whom_id);
    if (followerId === undefined || followedId === undefined) {
      const skipped =
        (followerId === undefined ? this.#whySkipped(row.who_id) : undefined) ??
        (followedId === undefined ? this.#whySkipped(row.whom_id) : undefined);
      if (skipped === undefined) this.report.add('follower', place, 'followOfMissingUser');
      else this.report.add('follower', place, 'followOfSkippedUser', skipped);
      return;
    }
    if (followerId === followedId) {
      this.report.add('follower', place, 'selfFollow');
      return;
    }
    return { followerId, followedId };
  }

  #skipUser(oldId: number, rule: ImportRule, detail?: string): void {
    this.report.add('user', oldId, rule, detail);
    this.#skippedUsers.set(oldId, rule);
  }

  /** Why the user with this old id was skipped, for their messages' and follows' report rows. */
  #whySkipped(value: unknown): string | undefined {
    const oldId = idOf(value);
    const rule = oldId === undefined ? undefined : this.#skippedUsers.get(oldId);
    return rule === undefined ? undefined : `user ${String(oldId)}: ${importRules[rule][1]}`;
  }

  /** The target id of the imported user with this old id. */
  #importedUser(value: unknown): number | undefined {
    const oldId = idOf(value);
    return oldId !== undefined && this.#importedUsers.has(oldId)
      ? oldId + this.offsets.users
      : undefined;
  }
}
