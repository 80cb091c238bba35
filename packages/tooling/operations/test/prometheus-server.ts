import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, waitUntilReady } from '@minitwit/local-postgres';
import type { Test } from 'tap';
import { parse, stringify } from 'yaml';

export const prometheusDir = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'infra',
  'prometheus',
);

interface ScrapeConfig {
  job_name: string;
  dns_sd_configs?: unknown;
  static_configs?: { targets: string[] }[];
  file_sd_configs?: unknown;
}

interface PrometheusConfig {
  global?: Record<string, string>;
  rule_files?: string[];
  scrape_configs?: ScrapeConfig[];
  remote_write?: { url: string; queue_config?: Record<string, string> }[];
}

export interface QueryResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: unknown[] };
}

export interface PrometheusServer {
  /** Evaluates one PromQL expression now (the HTTP API's instant query). */
  query(expression: string): Promise<QueryResult>;
}

const readConfig = async (file: string) =>
  parse(await readFile(path.join(prometheusDir, file), 'utf8')) as PrometheusConfig;

/**
 * Runs Debian's prometheus with `args` and `config` (written to `dir`) on a
 * loopback port until the test ends; resolves with its URL once it is ready.
 */
async function runPrometheus(
  t: Test,
  dir: string,
  name: string,
  config: PrometheusConfig,
  args: string[],
): Promise<string> {
  const configFile = path.join(dir, `${name}.yml`);
  await writeFile(configFile, stringify(config));
  const port = await freePort();
  const prometheus = spawn(
    '/usr/bin/prometheus',
    [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  prometheus.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise((resolve) => prometheus.once('exit', resolve));
  t.teardown(async () => {
    prometheus.kill('SIGTERM');
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${url}/-/ready`, prometheus);
  } catch (error) {
    throw new Error(`${name} did not start:\n${output}`, { cause: error });
  }
  return url;
}

/**
 * The stack's pair, real (Debian's package) on loopback: Prometheus with the
 * project's own infra/prometheus/prometheus.yml and rules, taking samples
 * from the agent (agent.yml) by remote write, as in the stack. Changed for
 * the test: each job's discovery (Swarm's DNS, the database hosts' file) is
 * replaced by the given addresses, the `withoutJobs` are left out, the agent
 * scrapes and sends every second and Prometheus evaluates every second
 * instead of every 15 s. Stopped when the test ends.
 */
export async function startPrometheus(
  t: Test,
  targets: Record<string, string[]>,
  withoutJobs: string[] = [],
): Promise<PrometheusServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-prometheus-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));

  const server = await readConfig('prometheus.yml');
  server.global = { ...server.global, evaluation_interval: '1s' };
  server.rule_files = (server.rule_files ?? []).map((file) => path.join(prometheusDir, file));
  const url = await runPrometheus(t, dir, 'prometheus', server, [
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    '--web.enable-remote-write-receiver',
  ]);

  const agent = await readConfig('agent.yml');
  agent.global = { ...agent.global, scrape_interval: '1s', scrape_timeout: '1s' };
  agent.remote_write = (agent.remote_write ?? []).map((destination) => ({
    ...destination,
    url: `${url}/api/v1/write`,
    queue_config: { batch_send_deadline: '1s' },
  }));
  agent.scrape_configs = (agent.scrape_configs ?? []).filter(
    (job) => !withoutJobs.includes(job.job_name),
  );
  for (const job of agent.scrape_configs) {
    const addresses = targets[job.job_name];
    if (!addresses) throw new Error(`no addresses given for the job ${job.job_name}`);
    delete job.dns_sd_configs;
    delete job.file_sd_configs;
    job.static_configs = [{ targets: addresses }];
  }
  await runPrometheus(t, dir, 'agent', agent, [
    '--enable-feature=agent',
    `--storage.agent.path=${path.join(dir, 'agent-data')}`,
  ]);

  return {
    async query(expression) {
      const response = await fetch(
        `${url}/api/v1/query?${new URLSearchParams({ query: expression }).toString()}`,
      );
      return (await response.json()) as QueryResult;
    },
  };
}
