import {
  type DatabaseClient,
  messagesForModeration,
  moderateMessages,
  recentModerationActions,
  setModerator,
} from '@minitwit/db';

type Print = (line: string) => void;

const dateOf = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 19);

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Control characters (C0, DEL and C1) as visible \u escapes: a message, a
 * reason or a name someone wrote cannot move the operator's cursor, erase
 * lines or retitle the terminal.
 */
const visible = (text: string) =>
  text.replace(
    controlCharacters,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** A text on one line of a listing: line breaks and tabs become spaces, long texts are cut. */
const oneLine = (text: string, width = 60) => {
  const flat = text.replace(/\s+/g, ' ');
  return visible(flat.length > width ? `${flat.slice(0, width - 1)}…` : flat);
};

/** Parses message ids as an operator types them; throws on anything else. */
export function messageIds(args: readonly string[]): number[] {
  if (args.length === 0) throw new UsageError('name at least one message id');
  return args.map((arg) => {
    const id = Number(arg);
    if (!/^\d+$/.test(arg) || !Number.isSafeInteger(id) || id < 1) {
      throw new UsageError(`not a message id: ${arg}`);
    }
    return id;
  });
}

/** A command typed wrongly: said, with the usage, and exit status 2. */
export class UsageError extends Error {}

/** `flag` and `unflag`: what changed, and what did not and why. Exit status 1 if any id is unknown. */
export async function moderate(
  db: DatabaseClient,
  print: Print,
  {
    ids,
    flagged,
    operator,
    reason,
  }: { ids: number[]; flagged: boolean; operator: string; reason?: string },
): Promise<number> {
  const outcome = await moderateMessages(db, {
    messageIds: ids,
    flagged,
    moderator: { operator },
    reason,
  });
  const verb = flagged ? 'flagged' : 'unflagged';
  if (outcome.changed.length > 0) print(`${verb}: ${outcome.changed.join(' ')}`);
  if (outcome.unchanged.length > 0) print(`already ${verb}: ${outcome.unchanged.join(' ')}`);
  if (outcome.missing.length > 0) print(`no such message: ${outcome.missing.join(' ')}`);
  return outcome.missing.length > 0 ? 1 : 0;
}

/** `messages <username>`: the user's messages with their ids, flagged ones marked. */
export async function listMessages(
  db: DatabaseClient,
  print: Print,
  username: string,
  limit: number,
): Promise<number> {
  const messages = await messagesForModeration(db, username, limit);
  if (!messages) {
    print(`no such user: ${visible(username)}`);
    return 1;
  }
  if (messages.length === 0) print(`${visible(username)} has posted nothing`);
  for (const message of messages) {
    const state = message.flagged ? 'FLAGGED' : '       ';
    print(
      `${String(message.id).padStart(9)}  ${dateOf(message.pubDate)}  ${state}  ${oneLine(message.text)}`,
    );
  }
  return 0;
}

/** `moderation-log`: the most recent flags and unflags, newest first. */
export async function listModerationLog(db: DatabaseClient, print: Print, limit: number) {
  const actions = await recentModerationActions(db, limit);
  if (actions.length === 0) print('nothing flagged or unflagged yet');
  for (const action of actions) {
    const verb = action.flagged ? 'flag  ' : 'unflag';
    const reason = action.reason ? `  reason: ${oneLine(action.reason, 40)}` : '';
    print(
      `${dateOf(action.actedAt)}  ${verb}  message ${action.messageId} by ${visible(action.author)}` +
        `  (${visible(action.actor)})${reason}  "${oneLine(action.text, 40)}"`,
    );
  }
  return 0;
}

/** `moderator add|remove <username>`. */
export async function changeModerator(
  db: DatabaseClient,
  print: Print,
  username: string,
  isModerator: boolean,
): Promise<number> {
  if (!(await setModerator(db, username, isModerator))) {
    print(`no such user: ${visible(username)}`);
    return 1;
  }
  print(`${visible(username)} ${isModerator ? 'is now a moderator' : 'is no longer a moderator'}`);
  return 0;
}
