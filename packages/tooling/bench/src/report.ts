import type { Latency, Saturation } from './load.js';

interface PathResult {
  name: string;
  saturation: Saturation;
  latency: Latency;
  /** Throughput on the database of 100 messages (timelines only). */
  small?: Saturation | undefined;
  /** The raw baseline's throughput (API paths only). */
  baseline?: Saturation | undefined;
}

export interface Results {
  machine: { cpus: number; node: string };
  settings: { seconds: number; connections: number; rate: number; replayActions: number };
  paths: PathResult[];
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

/** The targets. */
export const targets = {
  p99Ms: 25,
  sizeFactor: 1.5,
  baselineShare: 0.6,
  replayActionsPerSecond: 1000,
};

const mark = (ok: boolean) => (ok ? 'yes' : '**no**');
const round = (value: number) => Math.round(value).toLocaleString('en');

/** The results as a Markdown table, with each target met or not. */
export function formatMarkdown({ machine, settings, paths, replay }: Results): string {
  const lines = [
    `# MiniTwit benchmark`,
    '',
    `${machine.cpus} CPUs, Node ${machine.node}; ${settings.seconds} s per run; ` +
      `saturation at ${settings.connections} connections; latency at ${settings.rate} requests/s sent evenly.`,
    '',
    `| path | req/s at saturation | req/s sent at fixed rate | p50 ms | p99 ms (< ${targets.p99Ms}) | req/s, 100 messages | full / small (≥ ${(1 / targets.sizeFactor).toFixed(2)}) | raw baseline req/s | share of baseline (≥ ${targets.baselineShare}) | failed |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, saturation, latency, small, baseline } of paths) {
    const sizeRatio = small && saturation.requestsPerSecond / small.requestsPerSecond;
    const share = baseline && saturation.requestsPerSecond / baseline.requestsPerSecond;
    lines.push(
      [
        '',
        name,
        round(saturation.requestsPerSecond),
        round(latency.requestsPerSecond),
        latency.p50Ms.toFixed(1),
        `${latency.p99Ms.toFixed(1)} ${mark(latency.p99Ms < targets.p99Ms)}`,
        small ? round(small.requestsPerSecond) : '',
        sizeRatio === undefined
          ? ''
          : `${sizeRatio.toFixed(2)} ${mark(sizeRatio >= 1 / targets.sizeFactor)}`,
        baseline ? round(baseline.requestsPerSecond) : '',
        share === undefined ? '' : `${share.toFixed(2)} ${mark(share >= targets.baselineShare)}`,
        saturation.failures + latency.failures,
        '',
      ]
        .join(' | ')
        .trim(),
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
