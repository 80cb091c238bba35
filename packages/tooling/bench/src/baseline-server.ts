// The raw baseline: each API hot path as a bare Fastify route making the same
// calls to the data layer (@minitwit/db: the same SQL, imported), with no
// validation, logging or metrics. What the real API costs beyond this is our
// stack's cost. It also records `latest` and registers (with the same
// password hashing), so that the simulator's replay can run against it too.
import {
  authors,
  createDatabaseClient,
  createUser,
  followedUsernames,
  followUser,
  postMessageAs,
  readTimelineTexts,
  recordLatest,
  type TimelineText,
  unfollowUser,
  userByUsername,
} from '@minitwit/db';
import { hashPassword } from '@minitwit/passwords';
import Fastify from 'fastify';

const db = createDatabaseClient({ url: process.env.DATABASE_URL ?? '', poolSize: 10 });
const app = Fastify();

interface UserParams {
  username: string;
}
interface ListQuery {
  no?: string;
}
interface ActionQuery {
  latest?: string;
}

app.addHook('preHandler', async (request) => {
  const { latest } = request.query as ActionQuery;
  if (latest !== undefined) await recordLatest(db, Number(latest));
});

app.post<{ Body: { username: string; email: string; pwd: string } }>(
  '/register',
  async (request, reply) => {
    const { username, email, pwd } = request.body;
    const passwordHash = await hashPassword(pwd);
    const outcome = await createUser(db, { username, email, passwordHash });
    return reply.code(outcome === 'registered' ? 204 : 400).send();
  },
);

const userId = async (username: string) => (await userByUsername(db, username))?.id;
const limit = (query: ListQuery) => Number(query.no ?? 100);
const simulatorMessages = (messages: TimelineText[]) =>
  messages.map(({ text, pubDate, username }) => ({
    content: text,
    pub_date: pubDate,
    user: username,
  }));

app.get<{ Querystring: ListQuery }>('/msgs', async (request) =>
  simulatorMessages(await readTimelineTexts(db, authors.everyone, { limit: limit(request.query) })),
);

app.get<{ Params: UserParams; Querystring: ListQuery }>(
  '/msgs/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    if (id === undefined) return reply.code(404).send();
    return simulatorMessages(
      await readTimelineTexts(db, authors.user(id), { limit: limit(request.query) }),
    );
  },
);

app.post<{ Params: UserParams; Body: { content: string } }>(
  '/msgs/:username',
  async (request, reply) => {
    const posted = await postMessageAs(db, request.params.username, request.body.content);
    return reply.code(posted ? 204 : 404).send();
  },
);

app.get<{ Params: UserParams; Querystring: ListQuery }>(
  '/fllws/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    if (id === undefined) return reply.code(404).send();
    return { follows: await followedUsernames(db, id, limit(request.query)) };
  },
);

app.post<{ Params: UserParams; Body: { follow?: string; unfollow?: string } }>(
  '/fllws/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    const target = await userId(request.body.follow ?? request.body.unfollow ?? '');
    if (id === undefined || target === undefined) return reply.code(404).send();
    if (request.body.follow) await followUser(db, id, target);
    else await unfollowUser(db, id, target);
    return reply.code(204).send();
  },
);

app.get('/health/ready', async () => ({ status: 'ready' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
const close = () => void app.close().then(() => db.close());
process.once('SIGTERM', close);
process.once('SIGINT', close);
