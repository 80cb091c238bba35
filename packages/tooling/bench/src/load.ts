import { setTimeout } from 'node:timers/promises';
import autocannon from 'autocannon';
import { percentile } from '@minitwit/simulator';

/** One hot path: what autocannon sends, in turn. */
export interface Target {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** Bodies sent in turn (a follow, then an unfollow, say). */
  bodies?: string[];
}

export interface Saturation {
  requestsPerSecond: number;
  /** Requests answered in the run. */
  requests: number;
  /** Answers that were not 2xx/3xx, plus errors and timeouts. */
  failures: number;
}

export interface Latency {
  p50Ms: number;
  p99Ms: number;
  /** The rate actually sent, to check it was the one asked for. */
  requestsPerSecond: number;
  failures: number;
}

function options(base: string, target: Target) {
  const requests = (target.bodies ?? [undefined]).map((body) => ({
    method: target.method,
    path: target.path,
    ...(body === undefined ? {} : { body }),
  }));
  return {
    url: base,
    headers: {
      ...(target.bodies ? { 'content-type': 'application/json' } : {}),
      ...target.headers,
    },
    requests,
  };
}

const failuresOf = (result: autocannon.Result) => result.non2xx + result.errors + result.timeouts;

/** Requests per second at saturation: 50 connections sending as fast as answers come. */
export async function saturate(base: string, target: Target, seconds: number): Promise<Saturation> {
  const result = await autocannon({ ...options(base, target), connections: 50, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    failures: failuresOf(result),
  };
}

/** How many requests each stream sends per second: few, so that each second's quota is a short burst. */
const requestsPerStream = 5;

/**
 * p50 and p99 latency at a fixed offered rate, below saturation. autocannon's
 * own rate limit sends each connection's quota for the second back to back
 * and then waits for the next second, so 500 requests/s would arrive as one
 * burst a second. Here `rate / 5` single-connection runs each send 5 a
 * second, their seconds staggered evenly, so the requests arrive spread out
 * as real traffic does. Latencies are each response's own (no
 * coordinated-omission filling, which assumes a gap of 1 ms between requests).
 */
export async function atRate(
  base: string,
  target: Target,
  seconds: number,
  rate: number,
): Promise<Latency> {
  const streams = Math.max(1, Math.round(rate / requestsPerStream));
  const latencies: number[] = [];
  let failures = 0;
  const stream = async (index: number) => {
    await setTimeout((index * 1000) / streams);
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const run = autocannon(
        {
          ...options(base, target),
          connections: 1,
          overallRate: rate / streams,
          duration: seconds,
          ignoreCoordinatedOmission: true,
        },
        (error, finished) => {
          if (error) reject(new Error('autocannon failed', { cause: error }));
          else resolve(finished);
        },
      );
      run.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode < 400) latencies.push(responseTime);
      });
    });
    failures += failuresOf(result);
  };
  await Promise.all(Array.from({ length: streams }, (_, index) => stream(index)));
  return {
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    requestsPerSecond: (latencies.length + failures) / seconds,
    failures,
  };
}
