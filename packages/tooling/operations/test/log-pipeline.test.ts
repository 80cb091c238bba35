import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTestDatabase, startReadyService } from '@minitwit/local-postgres';
import t from 'tap';
import { parse } from 'yaml';
import { basicAuthorization, defaultCredentials } from '@minitwit/simulator';

const loggingDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'infra', 'logging');
const readJson = async (file: string) =>
  JSON.parse(await readFile(path.join(loggingDir, file), 'utf8')) as unknown;

interface FieldMapping {
  type?: string;
  format?: string;
  properties?: Record<string, FieldMapping>;
}

interface IndexTemplate {
  index_patterns: string[];
  template: {
    settings: Record<string, unknown>;
    mappings: { properties: Record<string, FieldMapping> };
  };
}

const integerRanges: Record<string, number> = { short: 2 ** 15, integer: 2 ** 31 };

/** Why Elasticsearch would reject or misfile `value` under `mapping`, if it would. */
function mappingProblems(
  field: string,
  value: unknown,
  mapping: FieldMapping | undefined,
): string[] {
  if (mapping === undefined) return [`${field} is not in the index template`];
  if (mapping.properties) {
    if (typeof value !== 'object' || value === null) return [`${field} is not an object`];
    // Only the mapped sub-fields are checked: the rest are mapped dynamically.
    return Object.entries(value).flatMap(([key, inner]) => {
      const innerMapping = mapping.properties?.[key];
      return innerMapping ? mappingProblems(`${field}.${key}`, inner, innerMapping) : [];
    });
  }
  const fits: Record<string, (value: unknown) => boolean> = {
    keyword: (v) => typeof v === 'string',
    text: (v) => typeof v === 'string',
    float: (v) => typeof v === 'number',
    short: (v) => Number.isInteger(v) && Math.abs(v as number) < (integerRanges.short ?? 0),
    integer: (v) => Number.isInteger(v) && Math.abs(v as number) < (integerRanges.integer ?? 0),
    date: (v) => (mapping.format === 'epoch_millis' ? Number.isInteger(v) : typeof v === 'string'),
    flattened: (v) => typeof v === 'object' && v !== null,
  };
  const fit = fits[mapping.type ?? ''];
  if (!fit) return [`${field}: the test does not know the type ${String(mapping.type)}`];
  return fit(value) ? [] : [`${field}: ${JSON.stringify(value)} is no ${String(mapping.type)}`];
}

/** The JSON lines a service wrote, parsed. */
const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

t.test('every field of real request and error lines fits the log index template', async (t) => {
  const template = (await readJson('elasticsearch/index-template.json')) as IndexTemplate;
  const mappings = template.template.mappings.properties;
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const api = await startReadyService('api', { ...database.environment, LOG_LEVEL: 'info' });
  t.teardown(() => api.child.kill('SIGKILL'));
  const { base } = api;

  await fetch(`${base}/register?latest=1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': 'nginx-1234',
      authorization: basicAuthorization(defaultCredentials),
    },
    body: JSON.stringify({ username: 'zoe', email: 'zoe@example.org', pwd: 'a secret' }),
  });
  // The database disappears: the next request fails, and its error is logged.
  await database.drop();
  const failed = await fetch(`${base}/latest`);
  t.equal(failed.status >= 500, true, `a ${failed.status} without the database`);
  api.child.kill('SIGTERM');
  await api.exit;

  const lines = jsonLines(api.output());
  const request = lines.find((line) => line.msg === 'request' && line.route === '/register');
  const error = lines.find((line) => line.level === 50);
  t.ok(request, 'a request line');
  t.ok(error, 'an error line');
  t.equal(request?.reqId, 'nginx-1234', "the request id is nginx's");
  t.match(error, { err: { stack: String } }, 'the error line has the stack');
  for (const line of [request, error]) {
    for (const [field, value] of Object.entries(line ?? {})) {
      t.same(mappingProblems(field, value, mappings[field]), [], `${String(line?.msg)}: ${field}`);
    }
  }
});

t.test(
  'Filebeat, the index template, the lifecycle and the roles name the same things',
  async (t) => {
    const filebeat = parse(await readFile(path.join(loggingDir, 'filebeat.yml'), 'utf8')) as {
      'output.elasticsearch': { index: string; username: string };
      'setup.template.enabled': boolean;
      'setup.ilm.enabled': boolean;
    };
    const template = (await readJson('elasticsearch/index-template.json')) as IndexTemplate;
    const policy = (await readJson('elasticsearch/ilm-policy.json')) as {
      policy: { phases: Record<string, { min_age?: string; actions: Record<string, unknown> }> };
    };
    const writer = (await readJson('elasticsearch/writer-role.json')) as {
      indices: { names: string[]; privileges: string[] }[];
    };
    const setup = await readFile(path.join(loggingDir, 'setup.sh'), 'utf8');

    const index = filebeat['output.elasticsearch'].index;
    const matches = (pattern: string) =>
      new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(index);
    t.ok(template.index_patterns.some(matches), `the template covers Filebeat's ${index}`);
    t.ok(
      writer.indices.some(({ names }) => names.some(matches)),
      'the writer role may write there',
    );
    t.match(
      setup,
      `/_security/user/${filebeat['output.elasticsearch'].username} `,
      'that user exists',
    );
    t.equal(
      filebeat['setup.template.enabled'],
      false,
      "Filebeat leaves the logging host's template",
    );
    t.equal(filebeat['setup.ilm.enabled'], false, "and the logging host's lifecycle");

    const lifecycle = template.template.settings['index.lifecycle.name'];
    t.match(
      setup,
      `/_ilm/policy/${String(lifecycle)} @ilm-policy.json`,
      'the policy the template names is installed',
    );
    t.ok(policy.policy.phases.delete?.actions.delete !== undefined, 'old logs are deleted');
    t.match(
      policy.policy.phases.delete?.min_age,
      /^\d+d$/,
      `after ${String(policy.policy.phases.delete?.min_age)}`,
    );
  },
);
