// Every expression the dashboards and the alert rules evaluate, for the
// tests that run them against a real Prometheus: prometheus.test.ts (web and
// api) and the swarm test (the database hosts and proxies, which run there).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { prometheusDir, type QueryResult } from './prometheus-server.js';

/** agent.yml's jobs of the database hosts and the database proxies. */
export const databaseJobs = ['database-proxy', 'patroni', 'postgres', 'database-host'];

/** Whether an expression reads a series of those jobs (or a rule recorded from them). */
export const readsDatabaseHosts = (expr: string) =>
  /\b(patroni_|pg_stat_|haproxy_|minitwit_base_backup_|minitwit:database_|minitwit:base_backup_|instance:database_|instance:wal_archive_)/.test(
    expr,
  );

const grafanaDashboards = path.join(prometheusDir, '..', 'grafana', 'dashboards');

export interface Expression {
  source: string;
  expr: string;
  /** Whether it must return data, or only evaluate (an alert while all is well). */
  mustReturnData: boolean;
}

/** Grafana's own variables, as Grafana would fill them in for a 5-minute view. */
const grafanaVariables = (expr: string) =>
  expr.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '5m');

async function dashboardExpressions(): Promise<Expression[]> {
  const expressions: Expression[] = [];
  for (const file of await readdir(grafanaDashboards)) {
    const dashboard = JSON.parse(await readFile(path.join(grafanaDashboards, file), 'utf8')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const source = `${file}: ${panel.title}`;
        expressions.push({ source, expr: grafanaVariables(expr), mustReturnData: true });
      }
    }
  }
  return expressions;
}

// Every alert compares one signal with a threshold (see the rules file).
const threshold = /\s*(?:==|!=|>=|<=|>|<)\s*[0-9.]+\s*$/;

async function ruleExpressions(): Promise<Expression[]> {
  const rules = parse(
    await readFile(path.join(prometheusDir, 'rules', 'minitwit.yml'), 'utf8'),
  ) as {
    groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
  };
  return rules.groups.flatMap((group) =>
    group.rules.flatMap(({ record, alert, expr }): Expression[] => {
      if (record) return [{ source: `record ${record}`, expr, mustReturnData: true }];
      const signal = expr.replace(threshold, '');
      // An alert written otherwise has no signal and fails here as "no data".
      return [
        { source: `alert ${String(alert)}`, expr, mustReturnData: false },
        { source: `alert ${String(alert)}, its signal`, expr: signal, mustReturnData: true },
      ];
    }),
  );
}

/** Whether a query result holds at least one sample that is a finite number. */
export function hasData(result: QueryResult): boolean {
  const samples = (result.data?.result ?? []) as { value?: [number, string] }[];
  return samples.some(({ value }) => value !== undefined && Number.isFinite(Number(value[1])));
}

/** The dashboards' expressions, then the rules'. */
export async function monitoringExpressions(): Promise<Expression[]> {
  return [...(await dashboardExpressions()), ...(await ruleExpressions())];
}
