// What the running stack looks like, read from the manager as an operator
// would: tasks, update states, nginx's access log and Prometheus's targets
// and queries.
import type { QueryResult } from '../test/prometheus-server.js';
import type { SwarmNode } from './cluster.js';

export interface Task {
  id: string;
  name: string;
  node: string;
  image: string;
}

/** The tasks of `service` (web, api, nginx, prometheus) that Swarm wants running. */
export async function runningTasks(manager: SwarmNode, service: string): Promise<Task[]> {
  const output = await manager.docker([
    'service',
    'ps',
    '--filter=desired-state=running',
    '--format={{.ID}}\t{{.Name}}\t{{.Node}}\t{{.Image}}\t{{.CurrentState}}',
    `minitwit_${service}`,
  ]);
  return output
    .trim()
    .split('\n')
    .filter((line) => line.includes('\tRunning'))
    .map((line) => {
      const [id = '', name = '', node = '', image = ''] = line.split('\t');
      return { id, name, node, image };
    });
}

/** The state of the service's last update (completed, rollback_completed, …), or none. */
export async function updateState(manager: SwarmNode, service: string): Promise<string> {
  const state = await manager.docker([
    'service',
    'inspect',
    '--format={{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}none{{end}}',
    `minitwit_${service}`,
  ]);
  return state.trim();
}

/** How the stack's checks wait (`eventually`): a Docker command a second, at most `seconds`. */
export const everySecondFor = (seconds: number) => ({ seconds, pollMs: 1000 });

/** Whether every service runs `count` tasks (each of them running). */
export async function replicasRunning(manager: SwarmNode, counts: Record<string, number>) {
  for (const [service, count] of Object.entries(counts)) {
    if ((await runningTasks(manager, service)).length !== count) return false;
  }
  return true;
}

/** The container of the one task of `service` running on `node`. */
export async function containerOf(node: SwarmNode, service: string) {
  const id = (
    await node.docker([
      'ps',
      `--filter=label=com.docker.swarm.service.name=minitwit_${service}`,
      '--format={{.ID}}',
    ])
  )
    .trim()
    .split('\n')[0];
  if (!id) throw new Error(`no ${service} container on ${node.name}`);
  return id;
}

interface AccessLogEntry {
  time: string;
  host: string;
  status: number;
  upstream_addr: string;
}

/** nginx's JSON access log lines since `since` (an RFC 3339 time). */
export async function nginxAccessLog(manager: SwarmNode, since: string): Promise<AccessLogEntry[]> {
  const container = await containerOf(manager, 'nginx');
  const output = await manager.docker(['logs', `--since=${since}`, container]);
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as AccessLogEntry);
}

interface Target {
  labels: { job: string; instance: string };
  health: string;
}

/**
 * A path of the HTTP API of Prometheus or of its agent (which scrapes), read
 * from inside its container: neither is reachable from outside it otherwise.
 */
async function prometheusApi(
  manager: SwarmNode,
  service: 'prometheus' | 'prometheus-agent',
  path: string,
): Promise<string> {
  const container = await containerOf(manager, service);
  return manager.docker([
    'exec',
    container,
    'wget',
    '-q',
    '-O',
    '-',
    `http://127.0.0.1:9090${path}`,
  ]);
}

/** The targets the Prometheus agent scrapes. */
export async function prometheusTargets(manager: SwarmNode): Promise<Target[]> {
  const output = await prometheusApi(manager, 'prometheus-agent', '/api/v1/targets?state=active');
  return (JSON.parse(output) as { data: { activeTargets: Target[] } }).data.activeTargets;
}

/** How many targets of each job the Prometheus agent scrapes successfully. */
export async function healthyTargets(manager: SwarmNode): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { labels, health } of await prometheusTargets(manager)) {
    if (health === 'up') counts[labels.job] = (counts[labels.job] ?? 0) + 1;
  }
  return counts;
}

/** Evaluates a PromQL expression in Prometheus. */
export async function prometheusQuery(
  manager: SwarmNode,
  expression: string,
): Promise<QueryResult> {
  const query = new URLSearchParams({ query: expression }).toString();
  const answer = await prometheusApi(manager, 'prometheus', `/api/v1/query?${query}`);
  return JSON.parse(answer) as QueryResult;
}
