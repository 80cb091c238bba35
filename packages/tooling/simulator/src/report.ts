import type { Difference } from './consistency.js';
import { meanMs, type ReplayResult } from './replay.js';

export interface SimulationReport {
  replay: ReplayResult;
  differences: Difference[];
}

/**
 * The value below which `fraction` of the samples fall (nearest rank), the
 * one definition the simulator's report and the benchmark use; NaN without
 * samples, so that no latency never reads as a fast one.
 */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? 0;
}

export function formatReport({ replay, differences }: SimulationReport): string {
  const seconds = replay.elapsedMs / 1000;
  const lines = [`actions sent:    ${replay.sent}`, `errors:          ${replay.errorCount}`];
  for (const [command, byStatus] of replay.errors) {
    for (const [status, count] of byStatus) lines.push(`  ${command} ${status}: ${count}`);
  }
  const latency = (fraction: number) => percentile(replay.latenciesMs, fraction).toFixed(1);
  lines.push(
    `elapsed:         ${seconds.toFixed(1)} s`,
    `throughput:      ${(replay.sent / seconds).toFixed(1)} actions/s`,
    `latency:         p50 ${latency(0.5)} ms, p95 ${latency(0.95)} ms, p99 ${latency(0.99)} ms, max ${Math.max(0, ...replay.latenciesMs).toFixed(1)} ms`,
  );
  for (const [command, time] of replay.timeByCommand) {
    lines.push(
      `  ${command}: ${time.count} × ${meanMs(time).toFixed(1)} ms = ${(time.totalMs / 1000).toFixed(1)} s`,
    );
  }
  lines.push(`consistency:     ${differences.length} differences`);
  for (const { what, expected, found } of differences.slice(0, 20)) {
    lines.push(`  ${what}: expected ${expected}, found ${found}`);
  }
  if (differences.length > 20) lines.push(`  … and ${differences.length - 20} more`);
  return lines.join('\n');
}
