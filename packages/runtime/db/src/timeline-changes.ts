import pg from 'pg';

/** The channel the messages' and users' triggers notify (migration 20261202080000_timeline_changes). */
export const timelineChangesChannel = 'timeline_changes';
/** The channels of follows and of session records (migration 20261205090000_follow_and_session_changes). */
export const followChangesChannel = 'follow_changes';
export const sessionChangesChannel = 'session_changes';

/** The listening connection's application_name, as pg_stat_activity shows it. */
export const timelineListenerName = 'minitwit timeline listener';

/** Whose timeline changed: one author's messages, or anyone's ('everyone': a table was emptied). */
export type TimelineChange = number | 'everyone';

/** A follow made or undone ('everyone': any may have been, a table was emptied). */
export type FollowChange = { follower: number; followed: number } | 'everyone';

export interface TimelineChangeHandlers {
  /** A change committed by any process on the database, this one included. */
  changed(change: TimelineChange): void;
  /** A follow made or undone: heard only when given. */
  followsChanged?(change: FollowChange): void;
  /** Whose session record changed (generation, moderator flag, name; deleted): heard only when given. */
  sessionChanged?(user: TimelineChange): void;
  /**
   * Listening began (true) or stopped (false, with why). While not listening
   * changes go unheard: nothing read before may be trusted after.
   */
  listening(listening: boolean, error?: Error): void;
}

export interface TimelineChangeListenerOptions {
  url: string;
  /** How long to wait before listening again after the connection failed or dropped. */
  retryMs?: number;
  /**
   * How often the connection is checked with a query: a connection that
   * silently died (a vanished host sends no reset) is noticed within this
   * and `checkTimeoutMs`, not after TCP gives up minutes later.
   */
  checkMs?: number;
  checkTimeoutMs?: number;
}

/** Closes a connection that is no longer wanted; one that already failed has nothing more to say. */
const letGo = (client: pg.Client) => client.end().catch(() => undefined);

function parseChange(payload: string | undefined): TimelineChange {
  const authorId = Number(payload);
  // Anything but an author id (a '*', or a payload this code does not know) may concern anyone.
  return Number.isSafeInteger(authorId) && authorId > 0 ? authorId : 'everyone';
}

function parseFollowChange(payload: string | undefined): FollowChange {
  const [follower, followed, ...rest] = (payload ?? '').split(':').map(parseChange);
  return typeof follower === 'number' && typeof followed === 'number' && rest.length === 0
    ? { follower, followed }
    : 'everyone';
}

/**
 * One connection that LISTENs for timeline changes, and listens again after
 * it fails, for as long as the listener is not closed.
 */
export class TimelineChangeListener {
  readonly #options: Required<TimelineChangeListenerOptions>;
  readonly #handlers: TimelineChangeHandlers;
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #check: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    {
      url,
      retryMs = 1_000,
      checkMs = 5_000,
      checkTimeoutMs = 2_000,
    }: TimelineChangeListenerOptions,
    handlers: TimelineChangeHandlers,
  ) {
    this.#options = { url, retryMs, checkMs, checkTimeoutMs };
    this.#handlers = handlers;
  }

  /** The channels this listener's handlers hear. */
  #channels(): string[] {
    const handlers = this.#handlers;
    return [
      timelineChangesChannel,
      ...(handlers.followsChanged ? [followChangesChannel] : []),
      ...(handlers.sessionChanged ? [sessionChangesChannel] : []),
    ];
  }

  /** Starts listening; failures are told to `listening` and retried, never thrown. */
  start(): void {
    void this.#listen();
  }

  async #listen(): Promise<void> {
    this.#retry = undefined;
    const { url, checkTimeoutMs } = this.#options;
    const client = new pg.Client({
      connectionString: url,
      application_name: timelineListenerName,
      connectionTimeoutMillis: checkTimeoutMs,
      query_timeout: checkTimeoutMs,
      keepAlive: true,
    });
    this.#client = client;
    client.on('notification', ({ channel, payload }) => {
      if (channel === followChangesChannel) {
        this.#handlers.followsChanged?.(parseFollowChange(payload));
      } else if (channel === sessionChangesChannel) {
        this.#handlers.sessionChanged?.(parseChange(payload));
      } else this.#handlers.changed(parseChange(payload));
    });
    client.on('error', (error) => {
      this.#lost(client, error);
    });
    client.on('end', () => {
      this.#lost(client, new Error('the listening connection ended'));
    });
    try {
      await client.connect();
      for (const channel of this.#channels()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.#lost(client, error as Error);
      return;
    }
    if (this.#client !== client) {
      // Closed, or failed, while it connected.
      await letGo(client);
      return;
    }
    this.#check = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => {
        this.#lost(client, error as Error);
      });
    }, this.#options.checkMs);
    this.#handlers.listening(true);
  }

  /** The connection failed: say so once, let it go, and listen again soon. */
  #lost(client: pg.Client, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    clearInterval(this.#check);
    client.removeAllListeners('notification');
    void letGo(client);
    if (this.#closed) return;
    this.#handlers.listening(false, error);
    this.#retry = setTimeout(() => void this.#listen(), this.#options.retryMs);
  }

  /** Stops listening for good and closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#check);
    const client = this.#client;
    this.#client = undefined;
    if (client) await letGo(client);
  }
}
