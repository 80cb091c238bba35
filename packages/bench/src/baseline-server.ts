// The raw baseline: each API hot path as a bare Fastify route running the
// same work in SQL through node-postgres, with no validation, logging,
// metrics or ORM. What the real API costs beyond this is our stack's cost.
// It also records `latest` and registers (with the same password hashing),
// so that the simulator's replay can run against it too.
import { hashPassword } from '@minitwit/passwords';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
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
  if (latest === undefined) return;
  await pool.query(
    `INSERT INTO simulator_latest (id, latest) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET latest = EXCLUDED.latest`,
    [latest],
  );
});

app.post<{ Body: { username: string; email: string; pwd: string } }>(
  '/register',
  async (request, reply) => {
    const { username, email, pwd } = request.body;
    const { rowCount } = await pool.query(
      `INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO NOTHING`,
      [username, email, await hashPassword(pwd)],
    );
    return reply.code(rowCount ? 204 : 400).send();
  },
);

const userId = async (username: string) =>
  (await pool.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]
    ?.id;

interface TimelineRow {
  content: string;
  pub_date: Date;
  user: string;
}

const timeline = (where: string, values: unknown[], limit: number) =>
  pool.query<TimelineRow>(
    `SELECT m.text AS content, m.pub_date, u.username AS user
     FROM messages m JOIN users u ON u.id = m.author_id
     WHERE ${where} ORDER BY m.pub_date DESC, m.id DESC LIMIT ${limit}`,
    values,
  );

app.get<{ Querystring: ListQuery }>('/msgs', async (request) => {
  return (await timeline('NOT m.flagged', [], Number(request.query.no ?? 100))).rows;
});

app.get<{ Params: UserParams; Querystring: ListQuery }>(
  '/msgs/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    if (id === undefined) return reply.code(404).send();
    return (
      await timeline('m.author_id = $1 AND NOT m.flagged', [id], Number(request.query.no ?? 100))
    ).rows;
  },
);

app.post<{ Params: UserParams; Body: { content: string } }>(
  '/msgs/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    if (id === undefined) return reply.code(404).send();
    await pool.query('INSERT INTO messages (author_id, text) VALUES ($1, $2)', [
      id,
      request.body.content,
    ]);
    return reply.code(204).send();
  },
);

app.get<{ Params: UserParams; Querystring: ListQuery }>(
  '/fllws/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    if (id === undefined) return reply.code(404).send();
    const { rows } = await pool.query<{ username: string }>(
      `SELECT u.username FROM follows f JOIN users u ON u.id = f.followed_id
     WHERE f.follower_id = $1 ORDER BY f.created_at, f.followed_id LIMIT $2`,
      [id, Number(request.query.no ?? 100)],
    );
    return { follows: rows.map((row) => row.username) };
  },
);

app.post<{ Params: UserParams; Body: { follow?: string; unfollow?: string } }>(
  '/fllws/:username',
  async (request, reply) => {
    const id = await userId(request.params.username);
    const target = await userId(request.body.follow ?? request.body.unfollow ?? '');
    if (id === undefined || target === undefined) return reply.code(404).send();
    await pool.query(
      request.body.follow
        ? 'INSERT INTO follows (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING'
        : 'DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2',
      [id, target],
    );
    return reply.code(204).send();
  },
);

app.get('/health/ready', async () => ({ status: 'ready' }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
const close = () => void app.close().then(() => pool.end());
process.once('SIGTERM', close);
process.once('SIGINT', close);
