import { percentile } from '@minitwit/simulator';
import type { Freshness } from './freshness.js';
import type { HomeStatement } from './home-statements.js';

/** What a path was measured on: with or without the timeline cache, the raw baseline, or the small database. */
export type Variant = 'cached' | 'uncached' | 'ours' | 'raw baseline' | 'small, uncached';

/** One round's numbers (the small database's runs measure saturation only). */
export interface Run {
  requestsPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
  /** The rate the latency run actually sent, to check it was the one asked for. */
  sentPerSecond?: number;
  /** Database statements per 1,000 answers at saturation (pg_stat_statements). */
  statementsPerThousand?: number;
  failures?: number;
}

export interface Measurement {
  path: string;
  variant: Variant;
  runs: Run[];
}

export interface Results {
  machine: { cpus: number; node: string };
  settings: {
    seconds: number;
    rounds: number;
    connections: number;
    rate: number;
    replayActions: number;
  };
  measurements: Measurement[];
  /** Both ways of reading a home timeline, for users following many, some and none. */
  homeStatements?: HomeStatement[];
  /** A message posted through one API replica: listed by another (`GET /msgs`), shown on a follower's web `/`. */
  freshness?: { list: Freshness; home?: Freshness };
  replay?: {
    ours: ReplaySummary;
    /** The same replay against the raw baseline: what this machine allows. */
    baseline: ReplaySummary;
  };
}

/**
 * A replay's rate, and where its time went: each registration hashes a
 * password with argon2id, every other action is one or two quick statements.
 */
export interface ReplaySummary {
  actions: number;
  errors: number;
  actionsPerSecond: number;
  registrations: number;
  registrationMeanMs: number;
  otherActionMeanMs: number;
}

/** The targets of the benchmark issues. */
export const targets = {
  p99Ms: 25,
  sizeFactor: 1.5,
  baselineShare: 0.6,
  replayActionsPerSecond: 1000,
  /** The cached public timelines, against the same path uncached. */
  cacheSpeedup: 8,
  cachedStatementsPerThousand: 10,
  freshnessP99Ms: 50,
};

const mark = (ok: boolean) => (ok ? 'yes' : '**no**');
const round = (value: number) => Math.round(value).toLocaleString('en');

const median = (values: readonly number[]) => percentile(values, 0.5);

/** The values of one field over a measurement's runs. */
const field = (measurement: Measurement | undefined, name: keyof Run) =>
  (measurement?.runs ?? []).flatMap((run) => (run[name] === undefined ? [] : [run[name]]));

/** The median and the range, e.g. `1,234 (1,100–1,300)`; one value alone. */
function spread(values: number[], format: (value: number) => string): string {
  if (values.length === 0) return '';
  if (values.length === 1) return format(median(values));
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

const ms = (value: number) => value.toFixed(1);

/** The results as Markdown tables, with each target met or not. */
export function formatMarkdown({
  machine,
  settings,
  measurements,
  homeStatements,
  freshness,
  replay,
}: Results): string {
  const find = (path: string, variant: Variant) =>
    measurements.find((m) => m.path === path && m.variant === variant);
  const medianOf = (path: string, variant: Variant, name: keyof Run) =>
    median(field(find(path, variant), name));

  const lines = [
    `# MiniTwit benchmark`,
    '',
    `${machine.cpus} CPUs, Node ${machine.node}; each variant measured ${settings.rounds} times, ` +
      `interleaved with the others, ${settings.seconds} s a run; saturation at ` +
      `${settings.connections} connections, latency at ${settings.rate} requests/s sent evenly. ` +
      `Median (lowest–highest).`,
    '',
    `| path | variant | req/s at saturation | p50 ms at ${settings.rate}/s | p99 ms at ${settings.rate}/s | database statements per 1,000 answers | failed |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const measurement of measurements) {
    const failures = field(measurement, 'failures').reduce((sum, value) => sum + value, 0);
    lines.push(
      `| ${measurement.path} | ${measurement.variant} | ` +
        [
          spread(field(measurement, 'requestsPerSecond'), round),
          spread(field(measurement, 'p50Ms'), ms),
          spread(field(measurement, 'p99Ms'), ms),
          spread(field(measurement, 'statementsPerThousand'), ms),
          measurement.variant === 'small, uncached' ? '' : String(failures),
        ].join(' | ') +
        ' |',
    );
  }

  if (homeStatements) {
    lines.push(
      '',
      '## Home timeline statements',
      '',
      'EXPLAIN (ANALYZE, BUFFERS) of the first page (31 messages), the median of 5 executions after one.',
      '',
      '| user | authors | way | execution ms | buffers | the web reads it so |',
      '| --- | ---: | --- | ---: | ---: | --- |',
      ...homeStatements.map(
        (s) =>
          `| ${s.username} | ${s.authors} | ${s.way} | ${s.executionMs.toFixed(2)} | ${round(s.buffers)} | ${s.chosen ? 'yes' : ''} |`,
      ),
    );
  }
  lines.push('', '## Targets', '', '| target | measured | met |', '| --- | ---: | --- |');
  const target = (what: string, value: number, format: (v: number) => string, ok: boolean) => {
    if (!Number.isNaN(value)) lines.push(`| ${what} | ${format(value)} | ${mark(ok)} |`);
  };
  for (const path of ['GET /msgs', 'web /public', 'web /']) {
    const speedup =
      medianOf(path, 'cached', 'requestsPerSecond') /
      medianOf(path, 'uncached', 'requestsPerSecond');
    target(
      `${path}: cached req/s ≥ ${targets.cacheSpeedup} × uncached`,
      speedup,
      (v) => `${v.toFixed(1)} ×`,
      speedup >= targets.cacheSpeedup,
    );
  }
  for (const { path } of measurements.filter((m) => m.variant === 'cached')) {
    const perThousand = medianOf(path, 'cached', 'statementsPerThousand');
    target(
      `${path}, cached: ≤ ${targets.cachedStatementsPerThousand} statements per 1,000 reads`,
      perThousand,
      ms,
      perThousand <= targets.cachedStatementsPerThousand,
    );
  }
  const fresh = (what: string, measured: Freshness | undefined) => {
    if (!measured) return;
    target(
      `${what} within ${targets.freshnessP99Ms} ms (p99 of ${measured.seen} of ${measured.written} written; p50 ${ms(measured.p50Ms)}, max ${ms(measured.maxMs)})`,
      measured.p99Ms,
      (v) => `${ms(v)} ms`,
      measured.p99Ms <= targets.freshnessP99Ms && measured.seen === measured.written,
    );
  };
  fresh('a message written through one replica is listed by another', freshness?.list);
  fresh(
    "a followed author's message is on the follower's web / on another replica",
    freshness?.home,
  );
  for (const { path, variant } of measurements) {
    if (variant !== 'cached' && variant !== 'ours') continue;
    const p99 = medianOf(path, variant, 'p99Ms');
    target(
      `${path} (${variant}): p99 < ${targets.p99Ms} ms at ${settings.rate}/s`,
      p99,
      ms,
      p99 < targets.p99Ms,
    );
  }
  for (const { path } of measurements.filter((m) => m.variant === 'small, uncached')) {
    const ratio =
      medianOf(path, 'uncached', 'requestsPerSecond') /
      medianOf(path, 'small, uncached', 'requestsPerSecond');
    target(
      `${path}, uncached: req/s on 1,000,000 messages ≥ ${(1 / targets.sizeFactor).toFixed(2)} × on 100`,
      ratio,
      (v) => v.toFixed(2),
      ratio >= 1 / targets.sizeFactor,
    );
  }
  for (const { path } of measurements.filter((m) => m.variant === 'raw baseline')) {
    const ours = find(path, 'uncached') ? 'uncached' : 'ours';
    const share =
      medianOf(path, ours, 'requestsPerSecond') /
      medianOf(path, 'raw baseline', 'requestsPerSecond');
    target(
      `${path} (${ours}): req/s ≥ ${targets.baselineShare} × the raw baseline's`,
      share,
      (v) => v.toFixed(2),
      share >= targets.baselineShare,
    );
  }

  if (replay) {
    const { ours, baseline } = replay;
    const timeSplit = ({ registrations, registrationMeanMs, otherActionMeanMs }: ReplaySummary) =>
      `${registrations} registrations at ${registrationMeanMs.toFixed(1)} ms each, ` +
      `every other action ${otherActionMeanMs.toFixed(2)} ms`;
    lines.push(
      '',
      `Simulator replay (sequential, a fresh connection per request): ${ours.actions} actions at ` +
        `${round(ours.actionsPerSecond)} actions/s ` +
        `(≥ ${targets.replayActionsPerSecond}: ${mark(ours.actionsPerSecond >= targets.replayActionsPerSecond)}), ` +
        `${ours.errors} errors (0: ${mark(ours.errors === 0)}); ${timeSplit(ours)}. ` +
        `The same replay against the raw baseline: ${round(baseline.actionsPerSecond)} actions/s; ` +
        `${timeSplit(baseline)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
