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

/**
 * A real Prometheus (Debian's package) on loopback, running the project's own
 * infra/prometheus/prometheus.yml and rules with these changes: each job's
 * discovery (Swarm's DNS, the database hosts' file) is replaced by the given
 * addresses, the `withoutJobs` are left out, and it scrapes and evaluates
 * every second instead of every 15 s. Stopped when the test ends.
 */
export async function startPrometheus(
  t: Test,
  targets: Record<string, string[]>,
  withoutJobs: string[] = [],
): Promise<PrometheusServer> {
  const config = parse(
    await readFile(path.join(prometheusDir, 'prometheus.yml'), 'utf8'),
  ) as PrometheusConfig;
  config.global = { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' };
  config.global.scrape_timeout = '1s';
  config.rule_files = (config.rule_files ?? []).map((file) => path.join(prometheusDir, file));
  config.scrape_configs = (config.scrape_configs ?? []).filter(
    (job) => !withoutJobs.includes(job.job_name),
  );
  for (const job of config.scrape_configs) {
    const addresses = targets[job.job_name];
    if (!addresses) throw new Error(`no addresses given for the job ${job.job_name}`);
    delete job.dns_sd_configs;
    delete job.file_sd_configs;
    job.static_configs = [{ targets: addresses }];
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'minitwit-prometheus-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, stringify(config));
  const port = await freePort();
  const prometheus = spawn(
    '/usr/bin/prometheus',
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
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
    throw new Error(`Prometheus did not start:\n${output}`, { cause: error });
  }
  return {
    async query(expression) {
      const response = await fetch(
        `${url}/api/v1/query?${new URLSearchParams({ query: expression }).toString()}`,
      );
      return (await response.json()) as QueryResult;
    },
  };
}
