import t from 'tap';
import { formatReport, percentile } from '../src/report.js';

t.test('percentiles by nearest rank', async (t) => {
  const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
  t.equal(percentile(samples, 0.5), 50);
  t.equal(percentile(samples, 0.99), 99);
  t.equal(percentile(samples, 1), 100);
  t.equal(percentile([7], 0.95), 7);
  t.ok(Number.isNaN(percentile([], 0.5)), 'no samples, no percentile');
});

t.test('the report names errors by command and status, and every difference', async (t) => {
  const text = formatReport({
    replay: {
      sent: 10,
      errorCount: 3,
      errors: new Map([
        ['tweet', new Map([['500', 2]])],
        ['follow', new Map([['timeout', 1]])],
      ]),
      elapsedMs: 2000,
      latenciesMs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      timeByCommand: new Map([
        ['register', { count: 2, totalMs: 50 }],
        ['tweet', { count: 8, totalMs: 12 }],
      ]),
    },
    differences: [{ what: 'follows of Zoë', expected: '["a"]', found: '[]' }],
  });
  t.match(text, /actions sent: +10/);
  t.match(text, /errors: +3/);
  t.match(text, /tweet 500: 2/);
  t.match(text, /follow timeout: 1/);
  t.match(text, /throughput: +5\.0 actions\/s/);
  t.match(text, /p50 5\.0 ms, p95 10\.0 ms, p99 10\.0 ms/);
  t.match(text, /register: 2 × 25\.0 ms = 0\.1 s/);
  t.match(text, /tweet: 8 × 1\.5 ms = 0\.0 s/);
  t.match(text, /consistency: +1 differences/);
  t.match(text, /follows of Zoë: expected \["a"\], found \[\]/);
});
