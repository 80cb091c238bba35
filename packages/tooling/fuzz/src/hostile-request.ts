/** A request body built to be refused, or nearly accepted. */
export interface HostileBody {
  /** What it is, for a failing test's message. */
  kind: string;
  payload: string | Buffer;
  contentType: string | undefined;
}

/** Runs per property: enough to reach every kind of hostile input many times over. */
export const numRuns = 300;

/** A database client that runs SQL: either service's (DatabaseClient.sql). */
interface SqlClient {
  sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * What a request could have changed: row counts and the newest ids of users,
 * messages and follows, and the flags and their record. The simulator's `latest` is left out: the API records
 * it for every authorized request, rejected or not, as its contract says.
 */
async function databaseState(db: SqlClient): Promise<string> {
  return JSON.stringify(
    (
      await db.sql`
      SELECT (SELECT count(*) FROM users)::int AS users,
             (SELECT coalesce(max(id), 0) FROM users)::int AS last_user,
             (SELECT count(*) FROM messages)::int AS messages,
             (SELECT coalesce(max(id), 0) FROM messages)::int AS last_message,
             (SELECT count(*) FROM follows)::int AS follows,
             (SELECT count(*) FROM messages WHERE flagged)::int AS flagged,
             (SELECT count(*) FROM moderation_actions)::int AS moderation_actions`
    ).rows,
  );
}

/** An answer, as far as the fuzz suites read it. */
export interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';

/** Either service, built for a test: its database and Fastify's `inject`. */
interface Service {
  database: SqlClient;
  inject(options: {
    method: Method;
    url: string;
    payload: string | Buffer | undefined;
    headers: Record<string, string>;
  }): Promise<Answer>;
}

export interface HostileRequest {
  method: Method;
  url: string;
  body?: HostileBody;
  /** Credentials or a session cookie. */
  headers?: Record<string, string>;
}

/**
 * Sends `request` and has `judge` check the answer: it throws on a wrong one
 * (its message starting with `what`) and says whether the service took the
 * request or refused it. A refused request must leave the database as it was.
 */
export async function expectAnswer(
  service: Service,
  { method, url, body, headers = {} }: HostileRequest,
  judge: (answer: Answer, what: string) => 'taken' | 'refused',
): Promise<void> {
  const before = await databaseState(service.database);
  const answer = await service.inject({
    method,
    url,
    payload: body?.payload,
    headers: {
      ...headers,
      ...(body?.contentType === undefined ? {} : { 'content-type': body.contentType }),
    },
  });
  const what = `${method} ${url.slice(0, 200)} (${body?.kind ?? 'no body'}) answered ${answer.statusCode}`;
  if (judge(answer, what) === 'refused' && (await databaseState(service.database)) !== before) {
    throw new Error(`${what} but changed the database`);
  }
}
