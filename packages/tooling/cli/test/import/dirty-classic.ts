import { type ClassicValue, legacyHashVectors } from '@minitwit/classic-fixtures';
import type { ClassicTableName, ImportRule } from '../../src/import/import-report.js';

const vector = (format: string, index = 0) => {
  const found = legacyHashVectors.filter((candidate) => candidate.format === format)[index];
  if (!found) throw new Error(`no test vector of ${format}`);
  return found;
};

/** The password each imported user signs in with, by the username they end up with. */
export const passwords = {
  alice: vector('werkzeug-pbkdf2', 0),
  bob: vector('werkzeug-scrypt'),
  'Alice-3': vector('django-pbkdf2', 0),
  carol: vector('django-pbkdf2', 1),
  dave: vector('md5'),
  frank: vector('werkzeug-pbkdf2', 1),
  grace: vector('sha256'),
};

/**
 * A classic MiniTwit database with a dirty row of every kind an import must
 * survive, and a user with a hash of every legacy format. What each row
 * becomes is in `expected` below.
 */
export const dirtyClassic = {
  users: [
    [1, 'alice', 'alice@example.org', passwords.alice.hash],
    [2, 'bob', 'bob@example.org', passwords.bob.hash],
    [3, ' Alice ', 'alice.two@example.org', passwords['Alice-3'].hash],
    [4, 'carol', '', passwords.carol.hash],
    [5, 'dave\u0000', ' dave@example.org\n', passwords.dave.hash],
    [6, '  \t ', 'nobody@example.org', passwords.alice.hash],
    [7, 'erin', 'erin@example.org', 'bcrypt$2b$12$unknownformatunknownformat'],
    [8, 'frank', 'frank@example.org', passwords.frank.hash],
    [-1, 'ghost', 'ghost@example.org', passwords.alice.hash],
    [9, 'grace', 'grace@example.org', passwords.grace.hash.toUpperCase()],
  ],
  follows: [
    [1, 2],
    [1, 2],
    [2, 1],
    [1, 1],
    [1, 99],
    [6, 1],
    [3, 1],
    [9, 8],
  ],
  messages: [
    [1, 1, 'hello from alice', 1_700_000_000, 0],
    [2, 2, 'bob says\u0000 hi', 1_700_000_100, 0],
    [3, 99, 'by nobody', 1_700_000_200, 0],
    [4, 1, 'flagged long ago', 1_700_000_300, 1],
    [5, 2, 'when?', null, 0],
    [6, 3, 'from the second Alice', 1_700_000_400, null],
    [7, 5, 'dave here', 1_700_000_500, 0],
    [8, 6, 'by the nameless', 1_700_000_600, 0],
    // Latin-1, not UTF-8: 'café' from a client that got its encoding wrong.
    [9, 4, Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), 1_700_000_650, 0],
    [12, 8, 'frank, after a gap in the ids', 1_700_000_700, 0],
  ],
} satisfies Record<string, ClassicValue[][]>;

/** What the import keeps of `dirtyClassic`. */
export const expected = {
  users: [
    { id: 1, username: 'alice', email: 'alice@example.org' },
    { id: 2, username: 'bob', email: 'bob@example.org' },
    { id: 3, username: 'Alice-3', email: 'alice.two@example.org' },
    { id: 4, username: 'carol', email: '' },
    { id: 5, username: 'dave', email: 'dave@example.org' },
    { id: 7, username: 'erin', email: 'erin@example.org' },
    { id: 8, username: 'frank', email: 'frank@example.org' },
    { id: 9, username: 'grace', email: 'grace@example.org' },
  ],
  messages: [
    { id: 1, authorId: 1, text: 'hello from alice', seconds: 1_700_000_000, flagged: false },
    { id: 2, authorId: 2, text: 'bob says hi', seconds: 1_700_000_100, flagged: false },
    { id: 4, authorId: 1, text: 'flagged long ago', seconds: 1_700_000_300, flagged: true },
    { id: 6, authorId: 3, text: 'from the second Alice', seconds: 1_700_000_400, flagged: false },
    { id: 7, authorId: 5, text: 'dave here', seconds: 1_700_000_500, flagged: false },
    { id: 9, authorId: 4, text: 'caf\uFFFD', seconds: 1_700_000_650, flagged: false },
    {
      id: 12,
      authorId: 8,
      text: 'frank, after a gap in the ids',
      seconds: 1_700_000_700,
      flagged: false,
    },
  ],
  follows: [
    { followerId: 1, followedId: 2 },
    { followerId: 2, followedId: 1 },
    { followerId: 3, followedId: 1 },
    { followerId: 9, followedId: 8 },
  ],
  /** The report's rows: table, old id, and the rule (import-report.ts). */
  report: [
    ['user', '3', 'usernameRepaired'],
    ['user', '3', 'duplicateUsername'],
    ['user', '4', 'emailEmpty'],
    ['user', '5', 'usernameRepaired'],
    ['user', '5', 'emailRepaired'],
    ['user', '6', 'emptyUsername'],
    ['user', '7', 'unknownPasswordHash'],
    ['user', '-1', 'invalidUserId'],
    ['message', '2', 'textRepaired'],
    ['message', '3', 'missingAuthor'],
    ['message', '5', 'noPublicationDate'],
    ['message', '8', 'authorSkipped'],
    ['message', '9', 'textRepaired'],
    ['follower', '1→1 (row 4)', 'selfFollow'],
    ['follower', '1→99 (row 5)', 'followOfMissingUser'],
    ['follower', '6→1 (row 6)', 'followOfSkippedUser'],
    ['follower', '1→2 (row 2)', 'duplicateFollow'],
  ] satisfies [ClassicTableName, string, ImportRule][],
};
