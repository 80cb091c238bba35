import cliProgress from 'cli-progress';

/** How far an import is through one table. */
export interface TableProgress {
  advance(rows: number): void;
  finish(): void;
}

/**
 * Progress through one table on stderr: a bar with rows/s and time left on a
 * terminal; when stderr is a file or a pipe (CI, a log), a plain line every
 * two seconds and one at the end.
 */
export function tableProgress(table: string, total: number): TableProgress {
  // An empty table has nothing to show (and no time left to estimate).
  if (total === 0) return { advance: () => undefined, finish: () => undefined };
  const onTerminal = process.stderr.isTTY;
  const started = performance.now();
  const bar = new cliProgress.SingleBar({
    format: onTerminal
      ? `${table.padEnd(8)} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}`
      : `${table}: {value}/{total} rows ({percentage}%), {rate} rows/s, ETA {eta_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    noTTYOutput: true,
    notTTYSchedule: 2_000,
    etaBuffer: 50,
    hideCursor: onTerminal,
  });
  let done = 0;
  const rate = () => Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
  bar.start(total, 0, { rate: 0 });
  return {
    advance(rows) {
      done += rows;
      bar.update(Math.min(done, total), { rate: rate() });
    },
    finish() {
      bar.update(Math.min(done, total), { rate: rate() });
      bar.stop();
    },
  };
}
